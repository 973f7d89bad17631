"""The local engine removes a pending-callback record as soon as it closes the token itself."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from asl_engine.callbacks import PARTITION, recorder
from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.table import SqliteTable
from mdap.adapters.local.workflow import LocalWorkflow

from .harness import TASK_MAP

# The token times out (Catch routes on), then the execution keeps running in a long Wait.
LINGER = {
    "StartAt": "Await",
    "States": {
        "Await": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "${RecordCallback}", "Payload": {
                      "TaskToken.$": "$$.Task.Token", "ExecutionArn.$": "$$.Execution.Id",
                      "StateName.$": "$$.State.Name", "Payload": {"kind": "검토"}}},
                  "TimeoutSeconds": 60, "HeartbeatSeconds": 30, "ResultPath": "$.decision",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Linger"}],
                  "End": True},
        "Linger": {"Type": "Wait", "Seconds": 3600, "End": True},
    },
}


def open_workflow(tmp_path: Path) -> tuple[LocalWorkflow, SqliteTable, ControllableClock]:
    definitions = tmp_path / "asl"
    definitions.mkdir()
    (definitions / "linger.asl.json").write_text(json.dumps(LINGER, ensure_ascii=False), encoding="utf-8")
    clock, table = ControllableClock(), SqliteTable(tmp_path / "table.sqlite3")
    workflow = LocalWorkflow(tmp_path, clock, table, definitions_dir=definitions, task_map=TASK_MAP,
                             handlers={"RecordCallback": recorder(table, clock)})
    return workflow, table, clock


def test_a_timed_out_token_of_a_running_execution_is_no_longer_pending(tmp_path: Path) -> None:
    workflow, table, clock = open_workflow(tmp_path)
    try:
        arn = workflow.start("linger", {})
        workflow.run_until_idle()
        [callback] = workflow.pending_callbacks(arn)
        clock.advance(timedelta(seconds=30))  # no heartbeat: States.HeartbeatTimeout, caught
        workflow.run_until_idle()
        assert workflow.describe(arn).status == "RUNNING"
        assert [e["type"] for e in workflow.history(arn)][-1] == "WaitStateEntered"
        assert table.get(PARTITION, callback.task_token) is None
        assert workflow.pending_callbacks(arn) == []
    finally:
        workflow.close()


def test_a_stopped_execution_drops_its_record_without_a_listing(tmp_path: Path) -> None:
    workflow, table, _ = open_workflow(tmp_path)
    try:
        arn = workflow.start("linger", {})
        workflow.run_until_idle()
        [callback] = workflow.pending_callbacks(arn)
        workflow.stop_execution(arn)
        assert table.get(PARTITION, callback.task_token) is None
    finally:
        workflow.close()
