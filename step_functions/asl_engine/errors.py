"""Errors of the engine: validation errors for definitions, StatesError for runtime failures."""

from __future__ import annotations

ALL = "States.ALL"
TASK_FAILED = "States.TaskFailed"
TIMEOUT = "States.Timeout"
HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout"
RUNTIME = "States.Runtime"
NO_CHOICE = "States.NoChoiceMatched"
INTRINSIC = "States.IntrinsicFailure"
RESULT_PATH = "States.ResultPathMatchFailure"
PARAMETER_PATH = "States.ParameterPathFailure"
DATA_LIMIT = "States.DataLimitExceeded"
TOLERATED = "States.ExceedToleratedFailureThreshold"
BRANCH_FAILED = "States.BranchFailed"

# As on AWS: States.ALL / States.TaskFailed never match these terminal errors; only an explicit name does.
_TERMINAL = frozenset({RUNTIME, DATA_LIMIT})


class AslValidationError(ValueError):
    """The definition is not valid ASL; ``errors`` names each offending state and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("invalid state machine definition:\n  " + "\n  ".join(errors))
        self.errors = errors


class StatesError(Exception):
    """A runtime failure with the ASL Error name and Cause text."""

    def __init__(self, error: str | None, cause: str | None = "") -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


def matches(error_equals: list[str], error: str | None) -> bool:
    """The spec's matching rules for Retry/Catch ErrorEquals."""
    if error in error_equals:
        return True
    if error in _TERMINAL:
        return False
    if ALL in error_equals:
        return True
    return TASK_FAILED in error_equals and error != TIMEOUT
