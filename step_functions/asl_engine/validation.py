"""Static checks of an ASL definition (JSONPath mode). Each error names the state and the field."""

from __future__ import annotations

import json
from typing import Any

from . import validate_fields as vf
from .errors import AslValidationError

_COMMON = {"Type", "Comment", "QueryLanguage"}
_IO = {"InputPath", "OutputPath"}
_NEXT = {"Next", "End"}
_RESULT = {"ResultPath", "Parameters", "ResultSelector", "Retry", "Catch"}
ALLOWED = {
    "Pass": _COMMON | _IO | _NEXT | {"Parameters", "Result", "ResultPath", "Assign"},
    "Task": _COMMON | _IO | _NEXT | _RESULT | {"Resource", "TimeoutSeconds", "TimeoutSecondsPath",
                                              "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials",
                                              "Assign"},
    "Choice": _COMMON | _IO | {"Choices", "Default", "Assign"},
    "Wait": _COMMON | _IO | _NEXT | {"Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"},
    "Succeed": _COMMON | _IO,
    "Fail": _COMMON | {"Error", "Cause", "ErrorPath", "CausePath"},
    "Parallel": _COMMON | _IO | _NEXT | _RESULT | {"Branches", "Assign"},
    "Map": _COMMON | _IO | _NEXT | _RESULT | {
        "Iterator", "ItemProcessor", "ItemsPath", "ItemSelector", "MaxConcurrency", "MaxConcurrencyPath",
        "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
        "ToleratedFailureCountPath", "Label", "Assign"},
}


def load(definition: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(definition, dict):
        return definition
    try:
        loaded = json.loads(definition)
    except (TypeError, ValueError) as exc:
        raise AslValidationError([f"definition: not valid JSON ({exc})"]) from None
    if not isinstance(loaded, dict):
        raise AslValidationError(["definition: must be a JSON object"])
    return loaded


def validate(definition: dict[str, Any] | str) -> list[str]:
    """Every problem found, as 'state <name> field <field>: message' strings; empty when valid."""
    try:
        machine = load(definition)
    except AslValidationError as exc:
        return exc.errors
    errors: list[str] = []
    if machine.get("QueryLanguage", "JSONPath") != "JSONPath":
        return ["definition field QueryLanguage: only JSONPath is supported by the local engine"]
    if "TimeoutSeconds" in machine:
        vf.positive_int(machine["TimeoutSeconds"], "definition", "TimeoutSeconds", errors)
    unknown = set(machine) - {"StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"}
    errors.extend(f"definition field {name}: unknown top-level field" for name in sorted(unknown))
    check_machine(machine, "", errors)
    return errors


def check_machine(machine: Any, prefix: str, errors: list[str]) -> None:
    where = prefix.rstrip(" >") or "definition"
    if not isinstance(machine, dict):
        errors.append(f"{where}: must be an object with StartAt and States")
        return
    states = machine.get("States")
    if not isinstance(states, dict) or not states:
        errors.append(f"{where} field States: must be a non-empty object")
        return
    start = machine.get("StartAt")
    if start not in states:
        errors.append(f"{where} field StartAt: {start!r} is not a state of this machine")
    for name, state in states.items():
        check_state(f"{prefix}state {name}", state, states, errors)
    if start in states:
        unreachable = set(states) - _reachable(str(start), states)
        errors.extend(f"{prefix}state {n}: is not reachable from StartAt" for n in sorted(unreachable))


def _reachable(start: str, states: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo: list[Any] = [start]
    while todo:
        name = todo.pop()
        if name in seen or not isinstance(states.get(name), dict):
            continue
        seen.add(name)
        state = states[name]
        todo.extend(t for t in [state.get("Next"), state.get("Default")] if isinstance(t, str))
        todo.extend(c.get("Next") for c in state.get("Choices") or [] if isinstance(c, dict))
        todo.extend(c.get("Next") for c in state.get("Catch") or [] if isinstance(c, dict))
    return seen


def check_state(where: str, state: Any, states: dict[str, Any], errors: list[str]) -> None:
    if not isinstance(state, dict):
        errors.append(f"{where}: must be an object")
        return
    kind = state.get("Type")
    if kind not in ALLOWED:
        errors.append(f"{where} field Type: {kind!r} is not one of {sorted(ALLOWED)}")
        return
    errors.extend(f"{where} field {f}: not allowed in a {kind} state" for f in sorted(set(state) - ALLOWED[kind]))
    vf.check_transition(where, kind, state, states, errors)
    vf.check_paths(where, state, errors)
    vf.CHECKS[kind](where, state, states, errors)
    if kind in ("Parallel", "Map"):
        for label, sub in vf.sub_machines(state):
            check_machine(sub, f"{where} {label} > ", errors)


def ensure_valid(definition: dict[str, Any] | str) -> dict[str, Any]:
    """The loaded definition, or AslValidationError listing every problem."""
    errors = validate(definition)
    if errors:
        raise AslValidationError(errors)
    return load(definition)
