"""run_definition: the ASL semantics others build on (the full corpus lives in tests/conformance)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from asl_engine import AslValidationError, run_definition
from mdap.adapters.clock import ControllableClock


def machine(**states: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states}


def test_input_parameters_result_and_output_paths_apply_in_spec_order() -> None:
    d = machine(T={"Type": "Task", "Resource": "arn:aws:lambda:local:0:function:Add",
                   "InputPath": "$.job", "Parameters": {"a.$": "$.x", "b": 2, "label": "합계"},
                   "ResultSelector": {"sum.$": "$.total"}, "ResultPath": "$.job.result",
                   "OutputPath": "$.job", "End": True})
    result = run_definition(d, {"job": {"x": 40}, "other": 1},
                            tasks={"Add": lambda e, c: {"total": e["a"] + e["b"], "label": e["label"]}})
    assert result.status == "SUCCEEDED"
    assert result.output == {"x": 40, "result": {"sum": 42}}


def test_a_raised_exception_is_the_task_error_with_a_lambda_shaped_cause() -> None:
    def broken(event: Any, context: Any) -> Any:
        raise KeyError("없음")

    result = run_definition(machine(T={"Type": "Task", "Resource": "Broken", "End": True}), {},
                            tasks={"Broken": broken})
    assert (result.status, result.error) == ("FAILED", "KeyError")
    assert result.cause == '{"errorMessage": "\'없음\'", "errorType": "KeyError"}'


def test_retry_backs_off_then_catch_routes_with_error_and_cause() -> None:
    calls: list[str] = []
    clock = ControllableClock()

    def flaky(event: Any, context: Any) -> Any:
        calls.append(clock.now().isoformat())
        raise TimeoutError("busy")

    d = machine(T={"Type": "Task", "Resource": "Flaky", "Retry": [
        {"ErrorEquals": ["TimeoutError"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recovered"}], "End": True},
        Recovered={"Type": "Pass", "End": True})
    result = run_definition(d, {"id": 1}, tasks={"Flaky": flaky}, clock=clock)
    assert result.output == {"id": 1, "error": {"Error": "TimeoutError",
                                                "Cause": '{"errorMessage": "busy", "errorType": "TimeoutError"}'}}
    assert calls == ["2025-01-01T00:00:00+00:00", "2025-01-01T00:00:02+00:00", "2025-01-01T00:00:08+00:00"]


def test_states_all_does_not_catch_states_runtime() -> None:
    d = machine(T={"Type": "Task", "Resource": "Echo", "Parameters": {"x.$": "$.missing"},
                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}], "End": True},
                C={"Type": "Succeed"})
    result = run_definition(d, {}, tasks={"Echo": lambda e, c: e})
    assert (result.status, result.error) == ("FAILED", "States.Runtime")


def test_map_with_item_selector_concurrency_and_tolerated_failures() -> None:
    def check(event: Any, context: Any) -> Any:
        if event["value"] < 0:
            raise ValueError("음수")
        return event["index"] * 10 + event["value"]

    d = machine(M={"Type": "Map", "ItemsPath": "$.values", "MaxConcurrency": 2, "ToleratedFailureCount": 1,
                   "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value"},
                   "ItemProcessor": machine(C={"Type": "Task", "Resource": "Check", "End": True}), "End": True})
    ok = run_definition(d, {"values": [1, -1, 3]}, tasks={"Check": check})
    assert ok.status == "SUCCEEDED"
    assert ok.output[0] == 1 and ok.output[2] == 23 and ok.output[1]["Error"] == "ValueError"
    too_many = run_definition(d, {"values": [-1, -2, 3]}, tasks={"Check": check})
    assert (too_many.status, too_many.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")


def test_parallel_branch_failure_fails_the_state_with_the_branch_error() -> None:
    d = machine(P={"Type": "Parallel", "End": True, "Branches": [
        machine(A={"Type": "Pass", "End": True}),
        machine(B={"Type": "Fail", "Error": "Branch.Broken", "Cause": "원인"})]})
    assert run_definition(d, {}).error == "Branch.Broken"


def test_wait_takes_no_real_time_and_moves_the_given_clock() -> None:
    clock = ControllableClock()
    d = machine(W={"Type": "Wait", "Seconds": 86400 * 30, "Next": "S"}, S={"Type": "Succeed"})
    assert run_definition(d, "입력", clock=clock).output == "입력"
    assert clock.now() - ControllableClock().now() == timedelta(days=30)


def test_execution_timeout_seconds_times_out() -> None:
    d = {**machine(W={"Type": "Wait", "Seconds": 100, "End": True}), "TimeoutSeconds": 10}
    result = run_definition(d, {})
    assert (result.status, result.error) == ("TIMED_OUT", "States.Timeout")


def test_callback_without_answer_or_timeout_is_reported_blocked_not_hung() -> None:
    d = machine(T={"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                   "Parameters": {"FunctionName": "Ask", "Payload": {"token.$": "$$.Task.Token"}}, "End": True})
    result = run_definition(d, {}, tasks={"Ask": lambda e, c: None})
    assert (result.status, result.error) == ("BLOCKED", "Engine.Blocked")
    assert "T" in (result.cause or "")


def test_fourteen_day_callback_timeout_is_caught_under_the_controllable_clock() -> None:
    clock = ControllableClock()
    d = machine(T={"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                   "Parameters": {"FunctionName": "Ask", "Payload": {"token.$": "$$.Task.Token"}},
                   "TimeoutSeconds": 14 * 86400, "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}],
                   "End": True}, Late={"Type": "Pass", "Result": "기한 만료", "End": True})
    result = run_definition(d, {}, tasks={"Ask": lambda e, c: None}, clock=clock)
    assert result.output == "기한 만료"
    assert clock.now() - ControllableClock().now() == timedelta(days=14)


def test_child_state_machine_given_as_a_definition_runs_synchronously() -> None:
    child = machine(C={"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": True})
    arn = "arn:aws:states:local:000000000000:stateMachine:child"
    d = machine(S={"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                   "Parameters": {"StateMachineArn": arn, "Input": {"n.$": "$.n"}},
                   "OutputPath": "$.Output", "End": True})
    assert run_definition(d, {"n": 21}, tasks={arn: child}).output == {"doubled": 42}


def test_invalid_definition_raises_with_state_and_field() -> None:
    with pytest.raises(AslValidationError) as caught:
        run_definition(machine(A={"Type": "Pass", "Next": "Nowhere"}), {})
    assert caught.value.errors == ["state A field Next: 'Nowhere' is not a state of this machine"]
