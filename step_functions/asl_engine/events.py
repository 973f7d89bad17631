"""History events shaped like GetExecutionHistory's (type names and *EventDetails fields)."""

from __future__ import annotations

import json
from typing import Any

from .compiler import State

_DETAILS = {
    "ExecutionStarted": "executionStartedEventDetails", "ExecutionSucceeded": "executionSucceededEventDetails",
    "ExecutionFailed": "executionFailedEventDetails", "ExecutionAborted": "executionAbortedEventDetails",
    "ExecutionTimedOut": "executionTimedOutEventDetails", "TaskScheduled": "taskScheduledEventDetails",
    "TaskStarted": "taskStartedEventDetails", "TaskSubmitted": "taskSubmittedEventDetails",
    "TaskSucceeded": "taskSucceededEventDetails", "TaskFailed": "taskFailedEventDetails",
    "TaskTimedOut": "taskTimedOutEventDetails", "MapStateStarted": "mapStateStartedEventDetails",
    "LambdaFunctionScheduled": "lambdaFunctionScheduledEventDetails",
    "LambdaFunctionSucceeded": "lambdaFunctionSucceededEventDetails",
    "LambdaFunctionFailed": "lambdaFunctionFailedEventDetails",
    "LambdaFunctionTimedOut": "lambdaFunctionTimedOutEventDetails",
}


def dump(value: Any) -> Any:
    """Event payloads stay values until the history is read (see ``finalize``): one JSON encoding, not two."""
    return _Raw(value)


class _Raw:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


_RAW_KEY = "\u0000raw"


def _mark_raw(value: Any) -> Any:
    if isinstance(value, _Raw):
        return {_RAW_KEY: value.value}
    raise TypeError(f"not JSON: {type(value).__name__}")


EVENT_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_mark_raw)


def finalize(event: dict[str, Any]) -> dict[str, Any]:
    """A stored event as GetExecutionHistory shows it: payloads as JSON text."""
    for key, details in event.items():
        if key.endswith("EventDetails"):
            for k, v in details.items():
                if isinstance(v, dict) and _RAW_KEY in v:
                    details[k] = json.dumps(v[_RAW_KEY], ensure_ascii=False, separators=(",", ":"))
    return event


def event(id: int, previous: int, at: float, kind: str, details: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": id, "previousEventId": previous, "timestamp": at, "type": kind}
    if details is not None:
        out[_details_key(kind)] = details
    return out


def _details_key(kind: str) -> str:
    if kind in _DETAILS:
        return _DETAILS[kind]
    if kind.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if kind.endswith("StateExited"):
        return "stateExitedEventDetails"
    if kind.startswith("MapIteration"):
        return kind[0].lower() + kind[1:] + "EventDetails"
    return kind[0].lower() + kind[1:] + "EventDetails"


def entered(state: State) -> str:
    return f"{state.type}StateEntered"


def exited(state: State) -> str:
    return f"{state.type}StateExited"


def execution_end(status: str, output: Any, error: str | None, cause: str | None) -> tuple[str, dict[str, Any]]:
    if status == "SUCCEEDED":
        return "ExecutionSucceeded", {"output": dump(output), "outputDetails": {"truncated": False}}
    kind = {"FAILED": "ExecutionFailed", "TIMED_OUT": "ExecutionTimedOut"}.get(status, "ExecutionAborted")
    details = {k: v for k, v in (("error", error), ("cause", cause)) if v is not None}
    return kind, details


def resource_parts(resource: str) -> tuple[str, str]:
    """('lambda', 'invoke.waitForTaskToken') from arn:aws:states:::lambda:invoke.waitForTaskToken."""
    if resource.startswith("arn:aws:states:::"):
        service, _, action = resource[len("arn:aws:states:::"):].partition(":")
        return service, action
    return "lambda", resource
