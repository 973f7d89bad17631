"""``make deploy``: synthesize, then deploy cdk.out with the pinned AWS CDK CLI (npx, never global).

Needs AWS credentials for the target account (standard AWS_* variables or a profile). Not run in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys

from infra import synth
from infra.config import REPO_ROOT

CDK_CLI = "aws-cdk@2.1148.1"  # first CLI line whose cloud-assembly schema (55.5) reads aws-cdk-lib 2.275.0's
BOOTSTRAP_HELP = f"""The target account/region must be bootstrapped once:
  npx --yes {CDK_CLI} bootstrap aws://<account>/<region>
Parameters to set at deploy time (--parameters):
  FunctionsPandasLayerVersion=<n>   version of AWSSDKPandas-Python311 in the region
    (aws lambda list-layer-versions --layer-name AWSSDKPandas-Python311 --region <region>)
Context (MDAP_INFRA_<KEY>): region, account, name_prefix, alarm_email, edge_thing_group; QuickSight dashboards:
  MDAP_INFRA_QUICKSIGHT=true (and MDAP_INFRA_QUICKSIGHT_STAFF_GROUP=<group>), see infra/README.md "QuickSight"."""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not any(os.environ.get(v) for v in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_SESSION_TOKEN")):
        print("no AWS credentials in the environment (AWS_PROFILE or AWS_ACCESS_KEY_ID)\n" + BOOTSTRAP_HELP)
        return 2
    if synth.main([]) != 0:
        return 1
    command = ["npx", "--yes", CDK_CLI, "deploy", "--app", str(REPO_ROOT / "cdk.out"), "--all",
               "--require-approval", "broadening", *args]  # fmt: skip
    print(BOOTSTRAP_HELP, "\n$", " ".join(command))
    return subprocess.run(command, cwd=REPO_ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
