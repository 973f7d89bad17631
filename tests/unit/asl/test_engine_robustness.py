"""One broken Task must fail (or be caught in) its own execution, never the runner or other executions."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from asl_engine import run_definition
from asl_engine.durable import DurableEngine
from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.table import SqliteTable

PUT = "arn:aws:states:::dynamodb:putItem"


def bad_put(catch: bool) -> dict[str, Any]:
    """A putItem whose gsi1pk is a number: the Table port refuses it with InvalidRequest."""
    state: dict[str, Any] = {"Type": "Task", "Resource": PUT, "End": True, "Parameters": {
        "TableName": "t", "Item": {"pk": {"S": "P"}, "sk": {"S": "S"}, "gsi1pk": {"N": "7"}}}}
    if catch:
        state["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}]
        return {"StartAt": "Put", "States": {"Put": state, "Caught": {"Type": "Pass", "End": True}}}
    return {"StartAt": "Put", "States": {"Put": state}}


OK = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "Result": "fine", "End": True}}}


def test_a_table_port_refusal_is_a_validation_error_that_catch_all_routes(tmp_path: Path) -> None:
    table = SqliteTable(tmp_path / "t.sqlite3")
    result = run_definition(bad_put(catch=True), {}, table=table)
    assert result.status == "SUCCEEDED"
    assert result.output["error"]["Error"] == "DynamoDB.ValidationException"
    assert "putItem" in result.output["error"]["Cause"]


def test_a_bad_typed_value_is_a_validation_error(tmp_path: Path) -> None:
    machine = bad_put(catch=False)
    machine["States"]["Put"]["Parameters"]["Item"]["n"] = {"N": "not a number"}
    result = run_definition(machine, {}, table=SqliteTable(tmp_path / "t.sqlite3"))
    assert (result.status, result.error) == ("FAILED", "DynamoDB.ValidationException")


@pytest.mark.parametrize("action", ["updateItem", "deleteItem"])
def test_update_and_delete_refuse_a_condition_expression_they_cannot_check(tmp_path: Path, action: str) -> None:
    params: dict[str, Any] = {"TableName": "t", "Key": {"pk": {"S": "P"}, "sk": {"S": "S"}},
                              "ConditionExpression": "attribute_exists(pk)"}
    if action == "updateItem":
        params |= {"UpdateExpression": "SET a = :a", "ExpressionAttributeValues": {":a": {"S": "x"}}}
    machine = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": f"arn:aws:states:::dynamodb:{action}",
                                                 "Parameters": params, "End": True}}}
    table = SqliteTable(tmp_path / "t.sqlite3")
    result = run_definition(machine, {}, table=table)
    assert (result.status, result.error) == ("FAILED", "States.Runtime")
    assert "ConditionExpression" in (result.cause or "")
    assert table.get("P", "S") is None  # nothing was written despite the unchecked condition


class Boom(Exception):
    pass


def test_an_unexpected_integration_exception_fails_only_that_frame_as_states_runtime(tmp_path: Path) -> None:
    class BrokenTable:
        def put(self, *args: Any, **kwargs: Any) -> Any:
            raise Boom("disk on fire")

    machine = bad_put(catch=False)
    result = run_definition(machine, {}, table=BrokenTable())
    assert (result.status, result.error) == ("FAILED", "States.Runtime")
    assert "disk on fire" in (result.cause or "")


def engine(tmp_path: Path, table: Any) -> DurableEngine:
    return DurableEngine(tmp_path / "wf.sqlite3", {"bad": bad_put(catch=False), "caught": bad_put(catch=True),
                                                   "ok": OK}, tasks={}, clock=ControllableClock(), table=table)


def test_a_broken_execution_does_not_stop_others_nor_the_engine_after_a_restart(tmp_path: Path) -> None:
    table = SqliteTable(tmp_path / "t.sqlite3")
    eng = engine(tmp_path, table)
    bad = eng.start("bad", {}, "b")
    caught = eng.start("caught", {}, "c")
    ok = eng.start("ok", {}, "o")
    eng.run_until_idle()
    assert eng.describe(bad)["status"] == "FAILED"  # type: ignore[index]
    assert eng.describe(bad)["error"] == "DynamoDB.ValidationException"  # type: ignore[index]
    assert eng.describe(caught)["status"] == "SUCCEEDED"  # type: ignore[index]
    assert eng.describe(ok)["status"] == "SUCCEEDED"  # type: ignore[index]
    eng.close()


def test_a_stuck_execution_found_at_restart_fails_alone(tmp_path: Path) -> None:
    table = SqliteTable(tmp_path / "t.sqlite3")
    eng = engine(tmp_path, table)
    bad = eng.start("bad", {}, "b")  # committed RUNNING, not yet stepped
    eng.close()
    eng = engine(tmp_path, table)
    ok = eng.start("ok", {}, "o")
    eng.run_until_idle()
    assert (eng.describe(bad)["status"], eng.describe(ok)["status"]) == ("FAILED", "SUCCEEDED")  # type: ignore[index]
    eng.close()


def test_an_engine_bug_in_one_execution_fails_it_and_others_still_run(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    eng = engine(tmp_path, SqliteTable(tmp_path / "t.sqlite3"))
    poisoned = eng.start("ok", {}, "poisoned")

    def explode(budget: int = 1 << 62) -> int:
        raise Boom("a bug in the engine itself")

    monkeypatch.setattr(eng.runs[poisoned], "step_ready", explode)
    other = eng.start("ok", {}, "other")
    eng.run_until_idle()
    assert eng.describe(other)["status"] == "SUCCEEDED"  # type: ignore[index]
    assert (eng.describe(poisoned)["status"], eng.describe(poisoned)["error"]) == (  # type: ignore[index]
        "FAILED", "States.Runtime")
    eng.close()


def test_the_runner_thread_logs_a_failed_round_and_keeps_going(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    eng = engine(tmp_path, SqliteTable(tmp_path / "t.sqlite3"))
    second_round = threading.Event()
    rounds: list[int] = []

    def flaky_round(max_rounds: int = 1) -> None:
        rounds.append(1)
        if len(rounds) == 1:
            raise Boom("first round breaks")
        second_round.set()

    monkeypatch.setattr(eng, "run_until_idle", flaky_round)
    eng.start_runner(poll_seconds=0.01)
    try:
        assert second_round.wait(30), "the runner never ran a second round"
        assert eng.runner_alive
    finally:
        eng.close()
    assert any(r.exc_info and "first round breaks" in str(r.exc_info[1]) for r in caplog.records)
