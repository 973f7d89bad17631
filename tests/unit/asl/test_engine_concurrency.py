"""The durable engine releases its lock while an in-process task handler runs: API calls do not wait on it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from asl_engine.durable import DurableEngine
from mdap.adapters.clock import ControllableClock

SLOW = {"StartAt": "Slow", "States": {"Slow": {
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "Slow", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": True}}}
OK = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
PATIENCE = 30  # seconds a step waits for the other side before giving up; only reached when the test fails


class SlowHandler:
    """Blocks until the test says the API answered meanwhile; returns whether it did."""

    def __init__(self) -> None:
        self.entered, self.answered = threading.Event(), threading.Event()

    def __call__(self, event: Any, context: Any) -> Any:
        self.entered.set()
        return {"api_answered_meanwhile": self.answered.wait(PATIENCE)}


def open_engine(tmp_path: Path, handler: SlowHandler) -> DurableEngine:
    return DurableEngine(tmp_path / "wf.sqlite3", {"slow": SLOW, "ok": OK}, tasks={"Slow": handler},
                         clock=ControllableClock())


def test_describe_start_and_history_answer_while_a_handler_runs(tmp_path: Path) -> None:
    handler = SlowHandler()
    eng = open_engine(tmp_path, handler)
    done = eng.start("ok", {}, "done")
    eng.run_until_idle()
    slow = eng.start("slow", {}, "slow")
    stepping = threading.Thread(target=eng.run_until_idle)
    stepping.start()
    try:
        assert handler.entered.wait(PATIENCE)
        assert eng.describe(done)["status"] == "SUCCEEDED"  # type: ignore[index]
        types = [e["type"] for e in eng.history(slow)]
        assert types[0] == "ExecutionStarted" and "ExecutionSucceeded" not in types
        started = eng.start("ok", {}, "meanwhile")
        handler.answered.set()
    finally:
        handler.answered.set()
        stepping.join()
    eng.run_until_idle()
    assert eng.describe(slow)["output"] == '{"api_answered_meanwhile":true}'  # type: ignore[index]
    assert eng.describe(started)["status"] == "SUCCEEDED"  # type: ignore[index]
    eng.close()


def test_a_result_arriving_after_the_execution_was_stopped_is_discarded(tmp_path: Path) -> None:
    handler = SlowHandler()
    eng = open_engine(tmp_path, handler)
    slow = eng.start("slow", {}, "slow")
    stepping = threading.Thread(target=eng.run_until_idle)
    stepping.start()
    try:
        assert handler.entered.wait(PATIENCE)
        eng.stop(slow, "Operator.Stop", "no longer needed")
        handler.answered.set()
    finally:
        handler.answered.set()
        stepping.join()
    row = eng.describe(slow)
    assert row is not None and (row["status"], row["error"], row["output"]) == ("ABORTED", "Operator.Stop", None)
    assert eng.history(slow)[-1]["type"] == "ExecutionAborted"
    eng.close()
