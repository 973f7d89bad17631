"""Synthesis helpers shared by tests/infra and tests/bench: one synth per session, clean of AWS credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "infra"
STACK = "mdap-platform"


@dataclass(frozen=True)
class Synthesized:
    outdir: Path
    template: dict[str, Any]
    suppressions: dict[str, int]


def offline_env() -> dict[str, str]:
    """The environment without any AWS credential or profile, so synthesis cannot reach an account."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
               JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", PYTHONPATH=str(REPO))  # fmt: skip
    return env


def synth(outdir: Path, *, fixtures: bool, context: dict[str, str] | None = None) -> Synthesized:
    """Run ``python -m infra.synth`` in a subprocess (jsii is per process), return the template."""
    args = [sys.executable, "-m", "infra.synth", "--outdir", str(outdir)]
    args += [arg for key, value in (context or {}).items() for arg in ("-c", f"{key}={value}")]
    if fixtures:
        args += ["--chalice-project", str(FIXTURES / "functions"),
                 "--step-functions", str(FIXTURES / "step_functions"),
                 "--catalog", str(FIXTURES / "catalog" / "tables.json"),
                 "--frontend-dist", str(FIXTURES / "frontend_dist"),
                 "--edge-components", str(FIXTURES / "edge_greengrass")]  # fmt: skip
    done = subprocess.run(args, cwd=REPO, env=offline_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"synth failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    template = json.loads((outdir / f"{STACK}.template.json").read_text())
    counts = json.loads((outdir / "nag-suppressions.json").read_text())
    return Synthesized(outdir, template, counts)
