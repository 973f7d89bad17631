"""Run by test_crash_recovery in a subprocess: start the 'crash' workflow and run it until killed."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from mdap.adapters.clock import SystemClock
from mdap.adapters.local.table import SqliteTable
from mdap.adapters.local.workflow import LocalWorkflow
from tests.integration.workflow.harness import FIXTURES, TASK_MAP


def main(data_dir: str, wait_seconds: str) -> None:
    workflow = LocalWorkflow(Path(data_dir), SystemClock(), SqliteTable(Path(data_dir) / "table.sqlite3"),
                             definitions_dir=FIXTURES, task_map=TASK_MAP)
    workflow.start("crash", {"wait": int(wait_seconds), "note": "재시작 시험"}, name="c1")
    workflow.start_runner()
    print(json.dumps({"started": True}), flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main(*sys.argv[1:])
