"""Cold start: per-handler import time (``python -X importtime``) from the packaged asset, and zip sizes.

Goals: import ≤ 250 ms, zipped asset ≤ 50 MB. A benchmark, not a timed test: it prints the figures and
fails only on the size goal (deterministic); import times are reported against their goal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.infra.lambda_env import make_interpreter, run_in_lambda_layout, unpack_handlers
from tests.infra.synthesis import synth

IMPORT_GOAL_MS = 250
ZIP_GOAL_BYTES = 50 * 1024 * 1024
_LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$")


def _cumulative_ms(stderr: str, module: str) -> float:
    """The handler module's own top-level line: everything its import pulled in, in µs -> ms."""
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match and match.group(2) == module.split(".")[0]:
            return int(match.group(1)) / 1000
    raise AssertionError(f"no importtime line for {module}")


@pytest.mark.bench
def test_cold_start_import_time_and_asset_size(tmp_path: Path) -> None:
    product = synth(tmp_path / "cdk.out", fixtures=False)
    python, runtime = make_interpreter(tmp_path)
    print(f"\n{'handler':45} {'import ms (best of 3)':>22} {'zip MB':>8}")
    over_size = []
    for handler in unpack_handlers(product.template, product.outdir, tmp_path):
        runs = []
        for _ in range(3):
            done = run_in_lambda_layout(python, runtime, handler, f"import {handler.module}", "-X", "importtime")
            assert done.returncode == 0, done.stderr[-1500:]
            runs.append(_cumulative_ms(done.stderr, handler.module))
        best = min(runs)
        flag = "" if best <= IMPORT_GOAL_MS else f"  over the {IMPORT_GOAL_MS} ms goal"
        print(f"{handler.module + '.' + handler.function:45} {best:22.1f} {handler.zip_size / 2**20:8.2f}{flag}")
        if handler.zip_size > ZIP_GOAL_BYTES:
            over_size.append(handler.logical_id)
    assert not over_size, f"zipped assets over 50 MB: {over_size}"
