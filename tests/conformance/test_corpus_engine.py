"""Every corpus case through the local engine (asl_engine.run_definition / asl_engine.validate).

Engine runs use a ControllableClock, so Wait states and retry back-off take no real time and the retry
handlers measure exact gaps; cases marked "clock": "system" (task timeouts and heartbeats, which race a
handler that really sleeps) use the system clock.
"""

from __future__ import annotations

from typing import Any

import pytest

from mdap.adapters.clock import ControllableClock, SystemClock
from mdap.ports.clock import Clock

from .behaviours import BEHAVIOURS, Handler
from .corpus import Case, load_cases, result_differences

asl_engine = pytest.importorskip("asl_engine", reason="the asl_engine package is not importable yet")

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
CASES = load_cases()
RUNS = [c for c in CASES if not c.is_validation]
INVALID = [c for c in CASES if c.is_validation]


def task_handlers(case: Case, clock: Clock) -> dict[str, Handler]:
    """Each named behaviour, reachable by function name and by function ARN, fresh for this case."""
    handlers: dict[str, Handler] = {}
    for name in case.data.get("tasks", []):
        handler = BEHAVIOURS[name](clock)
        handlers[name] = handler
        handlers[FUNCTION_ARN + name] = handler
    return handlers


def engine_api(name: str) -> Any:
    """The engine is written in parallel with this corpus: skip (with the reason) until a function exists."""
    if not hasattr(asl_engine, name):
        pytest.skip(f"asl_engine.{name} does not exist yet")
    return getattr(asl_engine, name)


def run_case(case: Case) -> dict[str, Any]:
    clock: Clock = SystemClock() if case.data.get("clock") == "system" else ControllableClock()
    result = engine_api("run_definition")(
        case.definition, case.data["input"], tasks=task_handlers(case, clock), clock=clock
    )
    return {"status": result.status, "output": result.output, "error": result.error, "cause": result.cause}


@pytest.mark.parametrize("case", RUNS, ids=[c.id for c in RUNS])
def test_case_on_engine(case: Case) -> None:
    actual = run_case(case)
    assert result_differences(case.expected, actual) == [], f"engine result: {actual}"


@pytest.mark.parametrize("case", RUNS, ids=[c.id for c in RUNS])
def test_valid_definition_passes_validation(case: Case) -> None:
    assert engine_api("validate")(case.definition) == []


@pytest.mark.parametrize("case", INVALID, ids=[c.id for c in INVALID])
def test_invalid_definition_is_reported_with_state_and_field(case: Case) -> None:
    errors = engine_api("validate")(case.definition)
    assert errors, "validate() accepted an invalid definition"
    state, fields = case.expected["state"], case.expected["fields"]
    naming = [e for e in errors if state is None or state in e]
    assert naming, f"no error names the state {state!r}: {errors}"
    if fields:
        assert any(f in e for e in naming for f in fields), f"no error names any of {fields}: {errors}"
