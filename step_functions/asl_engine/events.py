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


# Detail fields that GetExecutionHistory shows as JSON text. Events keep them as values until the history is
# read: one JSON encoding per event page at commit time, none per event while stepping.
PAYLOADS = ("input", "output", "parameters")
# An event as the engine records it: (id, previousEventId, timestamp, type, details or None).
Compact = tuple[int, int, float, str, dict[str, Any] | None]


def expand(entry: Compact | list[Any]) -> dict[str, Any]:
    """A recorded event as GetExecutionHistory shows it: *EventDetails under its key, payloads as JSON text."""
    id, previous, at, kind, details = entry
    out: dict[str, Any] = {"id": id, "previousEventId": previous, "timestamp": at, "type": kind}
    if details is not None:
        for key in PAYLOADS:
            if key in details:
                details[key] = json.dumps(details[key], ensure_ascii=False, separators=(",", ":"))
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
        return "ExecutionSucceeded", {"output": output, "outputDetails": {"truncated": False}}
    kind = {"FAILED": "ExecutionFailed", "TIMED_OUT": "ExecutionTimedOut"}.get(status, "ExecutionAborted")
    details = {k: v for k, v in (("error", error), ("cause", cause)) if v is not None}
    return kind, details


def resource_parts(resource: str) -> tuple[str, str]:
    """('lambda', 'invoke.waitForTaskToken') from arn:aws:states:::lambda:invoke.waitForTaskToken."""
    if resource.startswith("arn:aws:states:::"):
        service, _, action = resource[len("arn:aws:states:::"):].partition(":")
        return service, action
    return "lambda", resource
