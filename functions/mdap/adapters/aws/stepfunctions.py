"""Workflow on AWS Step Functions (Standard). State machines are named <prefix><ASL file stem>."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from asl_engine.callbacks import PendingCallbacks, pending_from_records
from mdap.ports.errors import ConditionFailed, InvalidRequest, NotFound
from mdap.ports.table import Table
from mdap.ports.workflow import Execution, PendingCallback, Workflow

_NOT_FOUND = {"ExecutionDoesNotExist", "StateMachineDoesNotExist", "ResourceNotFound"}
_BAD_TOKEN = {"TaskDoesNotExist", "InvalidToken", "TaskTimedOut"}


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class StepFunctionsWorkflow(Workflow):
    def __init__(self, client: Any, state_machine_arn_prefix: str, table: Table) -> None:
        """``state_machine_arn_prefix``: arn:aws:states:<region>:<account>:stateMachine:<name prefix>."""
        self.client = client
        self.prefix = state_machine_arn_prefix
        self.callbacks = PendingCallbacks(table)

    def _execution_arn(self, state_machine: str, name: str) -> str:
        return (self.prefix + state_machine).replace(":stateMachine:", ":execution:", 1) + ":" + name

    def start(self, state_machine: str, input: Any, *, name: str | None = None) -> str:
        name = name or str(uuid.uuid4())
        try:
            response = self.client.start_execution(stateMachineArn=self.prefix + state_machine, name=name,
                                                   input=json.dumps(input, ensure_ascii=False))
            return str(response["executionArn"])
        except ClientError as exc:
            if _code(exc) in _NOT_FOUND:
                raise NotFound(f"no state machine {state_machine!r}") from None
            if _code(exc) != "ExecutionAlreadyExists":
                raise
        arn = self._execution_arn(state_machine, name)  # the name is taken: same input means same execution
        if self.describe(arn).input != input:
            raise ConditionFailed(f"execution {name!r} of {state_machine!r} exists with a different input")
        return arn

    def describe(self, execution_arn: str) -> Execution:
        r = self._call(self.client.describe_execution, executionArn=execution_arn)
        output = r.get("output")
        return Execution(execution_arn=r["executionArn"],
                         state_machine=r["stateMachineArn"].removeprefix(self.prefix), name=r["name"],
                         status=r["status"], input=json.loads(r.get("input") or "null"),
                         output=json.loads(output) if output is not None else None, error=r.get("error"),
                         cause=r.get("cause"), started_at=r["startDate"], stopped_at=r.get("stopDate"))

    def history(self, execution_arn: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"executionArn": execution_arn, "maxResults": 1000}
        while True:
            page = self._call(self.client.get_execution_history, **kwargs)
            events.extend(page["events"])
            if not page.get("nextToken"):
                return events
            kwargs["nextToken"] = page["nextToken"]

    def stop_execution(self, execution_arn: str, error: str | None = None, cause: str | None = None) -> None:
        extra = {k: v for k, v in (("error", error), ("cause", cause)) if v is not None}
        self._call(self.client.stop_execution, executionArn=execution_arn, **extra)

    def send_task_success(self, task_token: str, output: Any) -> None:
        self._answer(self.client.send_task_success, task_token,
                     output=json.dumps(output, ensure_ascii=False))

    def send_task_failure(self, task_token: str, error: str, cause: str = "") -> None:
        self._answer(self.client.send_task_failure, task_token, error=error, cause=cause)

    def send_task_heartbeat(self, task_token: str) -> None:
        self._token_call(self.client.send_task_heartbeat, task_token)

    def pending_callbacks(self, execution_arn: str | None = None) -> list[PendingCallback]:
        return pending_from_records(self.callbacks, execution_arn, lambda arn: self.describe(arn).status)

    def _answer(self, call: Callable[..., Any], token: str, **kwargs: Any) -> None:
        self._token_call(call, token, **kwargs)
        self.callbacks.forget(token)

    def _token_call(self, call: Callable[..., Any], token: str, **kwargs: Any) -> None:
        try:
            call(taskToken=token, **kwargs)
        except ClientError as exc:
            if _code(exc) not in _BAD_TOKEN:
                raise
            self.callbacks.forget(token)
            raise InvalidRequest("task token is unknown, already answered or timed out") from None

    def _call(self, call: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return call(**kwargs)
        except ClientError as exc:
            if _code(exc) in _NOT_FOUND or _code(exc) == "InvalidArn":
                raise NotFound(str(exc)) from None
            raise
