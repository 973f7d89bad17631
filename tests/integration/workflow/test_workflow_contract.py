"""One contract for the Workflow port: LocalWorkflow (local ASL engine) and StepFunctionsWorkflow (moto)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asl_engine.callbacks import PARTITION, recorder
from mdap.adapters.clock import ControllableClock
from mdap.ports.errors import ConditionFailed, InvalidRequest, NotFound

from .harness import AwsEnv, LocalEnv, environment

Env = LocalEnv | AwsEnv


@pytest.fixture(params=["local", "aws"])
def env(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "ap-northeast-2"}.items():
        monkeypatch.setenv(key, value)
    with environment(request.param, tmp_path) as e:
        yield e


def _needs_time_travel(env: Env) -> None:
    if not env.time_travel:
        pytest.skip("moto's interpreter waits in real time (no controllable clock); a 14-day timeout or a "
                    "long Wait cannot be driven there, so this is proven on the local engine only")


def test_task_free_workflow_succeeds_with_korean_text_untouched(env: Env) -> None:
    arn = env.workflow.start("greeting", {"name": "김철수", "wait": 0}, name="g-1")
    env.settle(arn)
    execution = env.workflow.describe(arn)
    assert (execution.status, execution.state_machine, execution.name) == ("SUCCEEDED", "greeting", "g-1")
    assert execution.output is not None
    assert execution.output["greeting"] == {"message": "안녕하세요, 김철수님"}
    assert execution.stopped_at is not None and execution.started_at <= execution.stopped_at


def test_fail_state_reports_error_and_cause(env: Env) -> None:
    arn = env.workflow.start("greeting", {"name": "박", "wait": 0, "fail": True})
    env.settle(arn)
    execution = env.workflow.describe(arn)
    assert (execution.status, execution.error, execution.cause) == (
        "FAILED", "Greeting.Refused", "요청이 거절되었습니다")


def test_history_has_step_functions_event_shapes(env: Env) -> None:
    arn = env.workflow.start("greeting", {"name": "이", "wait": 0})
    env.settle(arn)
    events = env.workflow.history(arn)
    types = [e["type"] for e in events]
    assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionSucceeded"
    assert {"PassStateEntered", "PassStateExited", "WaitStateEntered", "ChoiceStateEntered"} <= set(types)
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    entered = next(e for e in events if e["type"] == "PassStateEntered")
    assert entered["stateEnteredEventDetails"]["name"] == "Greet"


def test_start_is_idempotent_for_the_same_name_and_input(env: Env) -> None:
    first = env.workflow.start("greeting", {"name": "정", "wait": 0}, name="same")
    env.settle(first)
    assert env.workflow.start("greeting", {"name": "정", "wait": 0}, name="same") == first
    with pytest.raises(ConditionFailed):
        env.workflow.start("greeting", {"name": "다른 입력", "wait": 0}, name="same")


def test_unknown_execution_is_not_found(env: Env) -> None:
    arn = env.workflow.start("greeting", {"name": "x", "wait": 0}, name="known")
    with pytest.raises(NotFound):
        env.workflow.describe(arn.rsplit(":", 1)[0] + ":unknown")


def _await_one_callback(env: Env, application: str) -> tuple[str, str]:
    arn = env.workflow.start("approval", {"application": application})
    env.settle(arn)
    pending = env.workflow.pending_callbacks(arn)
    assert len(pending) == 1, pending
    return arn, pending[0].task_token


def test_pending_callback_is_listed_with_its_payload_then_answered(env: Env) -> None:
    arn, token = _await_one_callback(env, "A-1")
    [callback] = env.workflow.pending_callbacks()
    assert (callback.execution_arn, callback.state_name) == (arn, "AwaitApproval")
    assert callback.payload == {"kind": "평가 승인", "application": "A-1"}
    env.workflow.send_task_success(token, {"approved": True, "memo": "적합"})
    env.settle(arn)
    execution = env.workflow.describe(arn)
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"application": "A-1", "decision": {"approved": True, "memo": "적합"}}
    assert env.workflow.pending_callbacks() == []


def test_heartbeat_on_a_pending_token_is_accepted_and_on_an_unknown_one_refused(env: Env) -> None:
    if env.name == "aws":
        pytest.skip("moto answers SendTaskHeartbeat with InvalidToken unless the task declares "
                    "HeartbeatSeconds (its callback endpoint has no heartbeat endpoint otherwise); AWS accepts it")
    arn, token = _await_one_callback(env, "A-0")
    env.workflow.send_task_heartbeat(token)
    assert env.workflow.describe(arn).status == "RUNNING"
    assert [c.task_token for c in env.workflow.pending_callbacks(arn)] == [token]
    with pytest.raises(InvalidRequest):
        env.workflow.send_task_heartbeat("no-such-token")


def test_callback_failure_fails_the_execution(env: Env) -> None:
    arn, token = _await_one_callback(env, "A-2")
    env.workflow.send_task_failure(token, "Approval.Rejected", "서류 미비")
    env.settle(arn)
    execution = env.workflow.describe(arn)
    assert (execution.status, execution.error) == ("FAILED", "Approval.Rejected")
    assert env.workflow.pending_callbacks(arn) == []


def test_callback_failure_cause_reaches_the_execution(env: Env) -> None:
    if env.name == "aws":
        pytest.skip("moto 5.2.5 drops the cause of SendTaskFailure (responses.send_task_failure forwards only "
                    "error), so the cause cannot be checked there")
    arn, token = _await_one_callback(env, "A-4")
    env.workflow.send_task_failure(token, "Approval.Rejected", "서류 미비")
    env.settle(arn)
    assert env.workflow.describe(arn).cause == "서류 미비"


def test_a_token_answered_twice_or_unknown_is_an_invalid_request(env: Env) -> None:
    arn, token = _await_one_callback(env, "A-3")
    env.workflow.send_task_success(token, {})
    env.settle(arn)
    with pytest.raises(InvalidRequest):
        env.workflow.send_task_success(token, {})
    with pytest.raises(InvalidRequest):
        env.workflow.send_task_failure("no-such-token", "E")


def test_callbacks_are_listed_per_execution(env: Env) -> None:
    first, _ = _await_one_callback(env, "B-1")
    second, _ = _await_one_callback(env, "B-2")
    assert [c.execution_arn for c in env.workflow.pending_callbacks(first)] == [first]
    assert {c.execution_arn for c in env.workflow.pending_callbacks()} == {first, second}


def test_fourteen_day_callback_timeout_is_caught_and_routes_onward(env: Env) -> None:
    _needs_time_travel(env)
    arn, _ = _await_one_callback(env, "C-1")
    env.advance(timedelta(days=14) - timedelta(seconds=1))
    assert env.workflow.describe(arn).status == "RUNNING"
    env.advance(timedelta(seconds=1))
    execution = env.workflow.describe(arn)
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"status": "기한 만료", "error": "States.Timeout"}
    assert env.workflow.pending_callbacks() == []  # the ended execution's record is dropped


def test_wait_state_ends_when_the_clock_reaches_it(env: Env) -> None:
    _needs_time_travel(env)
    arn = env.workflow.start("greeting", {"name": "최", "wait": 3600})
    env.settle(arn)
    env.advance(timedelta(seconds=3599))
    assert env.workflow.describe(arn).status == "RUNNING"
    env.advance(timedelta(seconds=1))
    assert env.workflow.describe(arn).status == "SUCCEEDED"


def test_a_record_past_its_deadline_is_not_listed_and_is_dropped(env: Env) -> None:
    arn, token = _await_one_callback(env, "D-1")
    long_ago = recorder(env.table, clock=ControllableClock(datetime(2020, 1, 1, tzinfo=UTC)))
    long_ago({"TaskToken": "expired-token", "ExecutionArn": arn, "StateName": "AwaitApproval",
              "TimeoutSeconds": 60, "Payload": {}}, None)
    assert env.table.get(PARTITION, "expired-token") is not None
    assert [c.task_token for c in env.workflow.pending_callbacks(arn)] == [token]
    assert env.table.get(PARTITION, "expired-token") is None
