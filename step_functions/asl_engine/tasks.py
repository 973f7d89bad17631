"""Task resources resolved to in-process callables, as Lambda would run them.

``tasks`` maps a Resource ARN, or the FunctionName given to arn:aws:states:::lambda:invoke, to a callable
``(event, context) -> result``. Events and results cross a JSON boundary (as with Lambda), so a handler
can neither see nor change the engine's own objects. A raised exception becomes Error = the exception's
class name, Cause = '{"errorMessage": ..., "errorType": ...}'.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from .errors import StatesError

Handler = Callable[[Any, Any], Any]
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"


class LambdaContext:
    """The attributes handlers commonly read from Lambda's context object."""

    def __init__(self, function_name: str) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = function_name
        self.memory_limit_in_mb = 128
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


def function_name(name_or_arn: str) -> str:
    """'Fn' from 'arn:aws:lambda:<region>:<account>:function:Fn[:alias]', else the text itself."""
    parts = name_or_arn.split(":")
    if name_or_arn.startswith("arn:") and len(parts) >= 7 and parts[5] == "function":
        return parts[6]
    return name_or_arn


class TaskRegistry:
    def __init__(self, tasks: Mapping[str, Any] | None) -> None:
        self.tasks = dict(tasks or {})
        self._by_function = {function_name(k): v for k, v in self.tasks.items()}

    def find(self, resource: str) -> Any:
        if resource in self.tasks:
            return self.tasks[resource]
        found = self._by_function.get(function_name(resource))
        if found is None:
            raise StatesError("Lambda.ResourceNotFoundException",
                              f"Function not found: {resource} (no task handler registered for it)")
        return found

    def invoke(self, resource: str, params: Any) -> Any:
        """Run the Task's resource; return the state result as Step Functions would shape it."""
        if resource.startswith(LAMBDA_INVOKE):
            if not isinstance(params, dict) or "FunctionName" not in params:
                raise StatesError("States.Runtime", "lambda:invoke needs Parameters.FunctionName")
            payload = call(self.find(params["FunctionName"]), params.get("Payload", {}), params["FunctionName"])
            return {"ExecutedVersion": "$LATEST", "Payload": payload, "StatusCode": 200}
        return call(self.find(resource), params, resource)


def call(handler: Handler, event: Any, name: str) -> Any:
    try:
        event_copy = json.loads(json.dumps(event))
    except (TypeError, ValueError) as exc:
        raise StatesError("States.Runtime", f"task input is not JSON: {exc}") from None
    try:
        result = handler(event_copy, LambdaContext(function_name(name)))
    except Exception as exc:  # the handler's failure is the task's failure, named like Lambda names it
        kind = type(exc).__name__
        raise StatesError(kind, json.dumps({"errorMessage": str(exc), "errorType": kind},
                                           ensure_ascii=False)) from exc
    try:
        return json.loads(json.dumps(result))
    except (TypeError, ValueError) as exc:
        raise StatesError("Runtime.MarshalError", json.dumps(
            {"errorMessage": f"Unable to marshal response: {exc}", "errorType": "Runtime.MarshalError"})) from None
