"""Workflow port: Step Functions | the local ASL engine, running the ASL files in step_functions/."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Status = Literal["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]


@dataclass(frozen=True)
class Execution:
    execution_arn: str
    state_machine: str  # logical name, the ASL file's stem
    name: str
    status: Status
    input: Any
    output: Any | None
    error: str | None
    cause: str | None
    started_at: datetime
    stopped_at: datetime | None


@dataclass(frozen=True)
class PendingCallback:
    task_token: str
    execution_arn: str
    state_name: str
    payload: Any  # what the task was given (its Payload / Parameters)


class Workflow(ABC):
    @abstractmethod
    def start(self, state_machine: str, input: Any, *, name: str | None = None) -> str:
        """Start an execution; return its ARN. The same name with the same input returns the same ARN."""

    @abstractmethod
    def describe(self, execution_arn: str) -> Execution: ...

    @abstractmethod
    def history(self, execution_arn: str) -> list[dict[str, Any]]:
        """Events shaped as GetExecutionHistory's, oldest first."""

    @abstractmethod
    def send_task_success(self, task_token: str, output: Any) -> None: ...

    @abstractmethod
    def send_task_failure(self, task_token: str, error: str, cause: str = "") -> None: ...

    @abstractmethod
    def send_task_heartbeat(self, task_token: str) -> None: ...

    @abstractmethod
    def pending_callbacks(self, execution_arn: str | None = None) -> list[PendingCallback]: ...
