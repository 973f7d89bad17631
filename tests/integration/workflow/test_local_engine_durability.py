"""LocalWorkflow keeps fan-out state, tokens and timers across engine restarts; the runner thread drives it."""

from __future__ import annotations

import time
from pathlib import Path

from asl_engine.callbacks import recorder
from mdap.adapters.clock import ControllableClock, SystemClock
from mdap.adapters.local.table import SqliteTable
from mdap.adapters.local.workflow import LocalWorkflow
from mdap.ports.clock import Clock

from .harness import FIXTURES, TASK_MAP


def open_engine(data: Path, clock: Clock) -> LocalWorkflow:
    table = SqliteTable(data / "table.sqlite3")
    return LocalWorkflow(data, clock, table, definitions_dir=FIXTURES, task_map=TASK_MAP,
                         handlers={"RecordCallback": recorder(table, clock)})


def answer_all(workflow: LocalWorkflow, arn: str) -> list[str]:
    answered = []
    for callback in workflow.pending_callbacks(arn):
        workflow.send_task_success(callback.task_token, {"점수": callback.payload["position"] * 10})
        answered.append(callback.payload["application"])
    return answered


def test_map_iterations_waiting_for_tokens_survive_a_restart(tmp_path: Path) -> None:
    clock = ControllableClock()
    workflow = open_engine(tmp_path, clock)
    arn = workflow.start("fanout", {"applications": ["가", "나", "다"]})
    workflow.run_until_idle()
    assert sorted(c.payload["application"] for c in workflow.pending_callbacks(arn)) == ["가", "나"]
    workflow.close()

    workflow = open_engine(tmp_path, clock)  # a new engine over the same files
    first = workflow.pending_callbacks(arn)[0]
    workflow.send_task_success(first.task_token, {"점수": first.payload["position"] * 10})
    workflow.close()

    workflow = open_engine(tmp_path, clock)
    workflow.run_until_idle()  # the freed slot starts the third iteration
    assert sorted(c.payload["application"] for c in workflow.pending_callbacks(arn)) == sorted(
        {"가", "나", "다"} - {first.payload["application"]})
    while workflow.describe(arn).status == "RUNNING" and answer_all(workflow, arn):
        workflow.run_until_idle()
    execution = workflow.describe(arn)
    assert execution.status == "SUCCEEDED" and execution.output is not None
    assert [item["application"] for item in execution.output] == ["가", "나", "다"]  # input order kept
    assert [item["score"]["점수"] for item in execution.output] == [0, 10, 20]
    workflow.close()


def test_the_runner_thread_completes_executions_without_manual_stepping(tmp_path: Path) -> None:
    workflow = open_engine(tmp_path, SystemClock())
    workflow.start_runner()
    try:
        arn = workflow.start("greeting", {"name": "러너", "wait": 1})
        deadline = time.monotonic() + 10
        while workflow.describe(arn).status == "RUNNING" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workflow.describe(arn).status == "SUCCEEDED"
    finally:
        workflow.stop_runner()
        workflow.close()
