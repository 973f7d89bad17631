"""Cold start: per-handler import time (``python -X importtime``) from the packaged asset, and zip sizes.

Goals: import ≤ 250 ms, zipped asset ≤ 50 MB. A benchmark, not a timed test: it prints the figures and
fails only on the size goal (deterministic); import times are reported against their goal. Each handler is
timed twice: from the asset as shipped (precompiled .pyc) and from a copy stripped of its __pycache__
directories, which is what every cold start would pay on Lambda's read-only /var/task without shipped .pyc.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from tests.infra.lambda_env import Handler, make_interpreter, run_in_lambda_layout, unpack_handlers
from tests.infra.synthesis import synth

IMPORT_GOAL_MS = 250
ZIP_GOAL_BYTES = 50 * 1024 * 1024
RUNS = 5
_LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$")


def _cumulative_ms(stderr: str, module: str) -> float:
    """The handler module's own top-level line: everything its import pulled in, in µs -> ms."""
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match and match.group(2) == module.split(".")[0]:
            return int(match.group(1)) / 1000
    raise AssertionError(f"no importtime line for {module}")


def _best_import_ms(python: Path, runtime: Path, handler: Handler) -> float:
    runs = []
    for _ in range(RUNS):
        done = run_in_lambda_layout(python, runtime, handler, f"import {handler.module}", "-X", "importtime")
        assert done.returncode == 0, done.stderr[-1500:]
        runs.append(_cumulative_ms(done.stderr, handler.module))
    return min(runs)


def _without_bytecode(handler: Handler) -> Handler:
    copy = handler.task_dir.with_name(handler.task_dir.name + "-source-only")
    shutil.copytree(handler.task_dir, copy, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dataclasses.replace(handler, task_dir=copy)


@pytest.mark.bench
def test_cold_start_import_time_and_asset_size(tmp_path: Path) -> None:
    product = synth(tmp_path / "cdk.out", fixtures=False)
    python, runtime = make_interpreter(tmp_path)
    print(f"\n{'function (logical id prefix)':36} {'handler':18} {'import ms, shipped':>19} {'without .pyc':>13} "
          f"{'zip MB':>7}  (best of {RUNS})")
    over_size = []
    for handler in unpack_handlers(product.template, product.outdir, tmp_path):
        shipped = _best_import_ms(python, runtime, handler)
        source_only = _best_import_ms(python, runtime, _without_bytecode(handler))
        flag = "" if shipped <= IMPORT_GOAL_MS else f"  over the {IMPORT_GOAL_MS} ms goal"
        print(f"{handler.logical_id[:36]:36} {handler.module + '.' + handler.function:18} {shipped:19.1f} "
              f"{source_only:13.1f} {handler.zip_size / 2**20:7.2f}{flag}")
        if handler.zip_size > ZIP_GOAL_BYTES:
            over_size.append(handler.logical_id)
    assert not over_size, f"zipped assets over 50 MB: {over_size}"
