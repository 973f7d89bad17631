"""kill -9 the engine's process mid-execution; a restarted engine continues from the last committed state."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mdap.adapters.clock import SystemClock
from mdap.adapters.local.table import SqliteTable
from mdap.adapters.local.workflow import LocalWorkflow

from .harness import FIXTURES, TASK_MAP

ROOT = Path(__file__).resolve().parents[3]
ARN = "arn:aws:states:local:000000000000:execution:crash:c1"


@pytest.fixture
def marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "marks"
    path.mkdir()
    monkeypatch.setenv("ASL_TEST_MARKS", str(path))
    monkeypatch.delenv("ASL_TEST_BLOCK", raising=False)
    return path


def _until(condition: object, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the worker process did not get there in time")
        time.sleep(0.02)


@pytest.fixture
def worker(tmp_path: Path, marks: Path) -> Iterator[object]:
    processes: list[subprocess.Popen[bytes]] = []

    def spawn(wait_seconds: int) -> subprocess.Popen[bytes]:
        env = {**os.environ, "ASL_TEST_BLOCK": "1", "PYTHONPATH": f"{ROOT}:{os.environ.get('PYTHONPATH', '')}"}
        process = subprocess.Popen([sys.executable, "-m", "tests.integration.workflow.crash_worker",
                                    str(tmp_path / "data"), str(wait_seconds)], cwd=ROOT, env=env)
        processes.append(process)
        return process

    yield spawn
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()


def _kill9(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL


def _restart(tmp_path: Path) -> LocalWorkflow:
    data = tmp_path / "data"
    return LocalWorkflow(data, SystemClock(), SqliteTable(data / "table.sqlite3"), definitions_dir=FIXTURES,
                         task_map=TASK_MAP)


def _calls(marks: Path, name: str) -> int:
    path = marks / f"{name}.calls"
    return len(path.read_text()) if path.exists() else 0


def test_killed_during_a_task_resumes_after_the_last_committed_task(tmp_path: Path, marks: Path,
                                                                     worker: object) -> None:
    process = worker(0)  # type: ignore[operator]
    _until(lambda: _calls(marks, "second") == 1)  # First committed, Wait passed, Second hangs
    _kill9(process)
    workflow = _restart(tmp_path)
    assert workflow.describe(ARN).status == "RUNNING"
    workflow.run_until_idle()
    execution = workflow.describe(ARN)
    assert execution.status == "SUCCEEDED", execution
    assert execution.output == {"wait": 0, "note": "재시작 시험", "first": {"counted": True},
                                "second": {"second": "완료"}}
    assert (_calls(marks, "first"), _calls(marks, "second")) == (1, 2)  # the unfinished task ran again
    workflow.close()


def test_a_timer_that_came_due_while_down_fires_on_restart(tmp_path: Path, marks: Path, worker: object) -> None:
    process = worker(2)  # type: ignore[operator]
    _until(lambda: _calls(marks, "first") == 1)
    time.sleep(0.3)  # the Wait's timer is committed right after First's result
    _kill9(process)
    killed_at = time.monotonic()
    workflow = _restart(tmp_path)
    types = [e["type"] for e in workflow.history(ARN)]
    assert types[-1] == "WaitStateEntered" and "TaskSucceeded" not in types and "LambdaFunctionSucceeded" in types
    workflow.close()
    time.sleep(max(0.0, 2.2 - (time.monotonic() - killed_at)))  # the timer comes due while no engine runs
    workflow = _restart(tmp_path)
    workflow.run_until_idle()
    assert workflow.describe(ARN).status == "SUCCEEDED"
    assert (_calls(marks, "first"), _calls(marks, "second")) == (1, 1)
    workflow.close()
