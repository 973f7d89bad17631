"""cfn-lint and cdk-nag over the synthesized templates; the checks themselves are shown able to fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.infra.synthesis import Synthesized, offline_env

# aws-cdk-lib idioms, not defects: W3005 is the DependsOn CDK adds from a function to its role's policy
# (so the policy exists before the first invoke); W3045 is the LogDeliveryWrite ACL CloudFront logging needs.
CDK_IDIOMS = ("W3005", "W3045")
CFN_LINT = Path(sys.executable).parent / "cfn-lint"


def _lint(template: Path) -> subprocess.CompletedProcess[str]:
    command = [str(CFN_LINT), "--ignore-checks", *CDK_IDIOMS, "--", str(template)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("which", ["fixture_synth", "product_synth", "quicksight_synth"])
def test_every_synthesized_template_is_cfn_lint_clean(which: str, request: pytest.FixtureRequest) -> None:
    synthesized: Synthesized = request.getfixturevalue(which)
    templates = sorted(synthesized.outdir.glob("*.template.json"))
    assert templates
    for template in templates:
        done = _lint(template)
        assert done.returncode == 0, f"{template.name}:\n{done.stdout}"


def test_cfn_lint_reports_a_broken_template(tmp_path: Path) -> None:
    broken = tmp_path / "broken.template.json"
    broken.write_text('{"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "NOPE"}}}}')
    assert _lint(broken).returncode != 0


def test_synth_reports_the_acknowledged_findings_by_rule(fixture_synth: Synthesized) -> None:
    counts = fixture_synth.suppressions
    assert counts["IAM5"] > 0 and counts["S1"] == 1 and counts["COG2"] == 1
    print(f"\ncdk-nag acknowledgments: {sum(counts.values())} {counts}")


def test_an_unacknowledged_nag_finding_fails_synth(tmp_path: Path) -> None:
    """A plain bucket without logging or TLS policy in a stack checked the same way: synth must fail."""
    script = (
        "import aws_cdk as cdk\nfrom aws_cdk import aws_s3 as s3\nfrom cdk_nag import AwsSolutionsChecks\n"
        f"app = cdk.App(outdir={str(tmp_path)!r})\nstack = cdk.Stack(app, 'Bad')\ns3.Bucket(stack, 'Open')\n"
        "cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))\napp.synth()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=offline_env(), capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode != 0
    assert "AwsSolutions-S1" in done.stdout + done.stderr and "ValidationFailed" in done.stderr
