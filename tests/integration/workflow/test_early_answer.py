"""A task token answered while its .waitForTaskToken handler is still running (as Step Functions allows) is
kept and applied when the task starts waiting, instead of being refused as unknown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.table import SqliteTable
from mdap.adapters.local.workflow import LocalWorkflow
from mdap.ports.errors import InvalidRequest

from .harness import FIXTURES, TASK_MAP


def _workflow(tmp_path: Path, handler: Any) -> LocalWorkflow:
    return LocalWorkflow(tmp_path, ControllableClock(), SqliteTable(tmp_path / "table.sqlite3"),
                         definitions_dir=FIXTURES, task_map=TASK_MAP, handlers={"RecordCallback": handler})


def test_an_answer_given_during_the_handler_completes_the_task(tmp_path: Path) -> None:
    box: dict[str, Any] = {}

    def answer_at_once(event: Any, context: Any) -> Any:
        box["workflow"].send_task_success(event["TaskToken"], {"approved": "네"})
        with pytest.raises(InvalidRequest):  # a second answer is refused, as it would be later
            box["workflow"].send_task_success(event["TaskToken"], {"approved": "아니오"})
        return {"recorded": True}

    workflow = box["workflow"] = _workflow(tmp_path, answer_at_once)
    try:
        arn = workflow.start("approval", {"application": "app-1"})
        workflow.run_until_idle()
        execution = workflow.describe(arn)
        assert execution.status == "SUCCEEDED"
        assert execution.output["decision"] == {"approved": "네"}
    finally:
        workflow.close()


def test_an_early_answer_is_dropped_when_the_handler_fails(tmp_path: Path) -> None:
    box: dict[str, Any] = {}

    def answer_then_fail(event: Any, context: Any) -> Any:
        box["workflow"].send_task_success(event["TaskToken"], {"approved": "네"})
        raise RuntimeError("the recorder could not write")

    workflow = box["workflow"] = _workflow(tmp_path, answer_then_fail)
    try:
        arn = workflow.start("approval", {"application": "app-1"})
        workflow.run_until_idle()
        execution = workflow.describe(arn)
        assert (execution.status, execution.error) == ("FAILED", "RuntimeError")
    finally:
        workflow.close()
