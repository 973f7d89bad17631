"""Per-field checks used by validate.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .choice import COMPARATORS, parse_timestamp
from .errors import ALL
from .intrinsics import Intrinsic, is_intrinsic
from .jsonpath import Path, PathSyntaxError, ReferencePath
from .payload import Template

Errors = list[str]


def positive_int(value: Any, where: str, field: str, errors: Errors, minimum: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        errors.append(f"{where} field {field}: must be an integer >= {minimum}, got {value!r}")


def _path(value: Any, where: str, field: str, errors: Errors, reference: bool = False) -> None:
    if value is None and field in ("InputPath", "OutputPath", "ResultPath"):
        return
    try:
        if reference:
            ReferencePath(value)
        elif is_intrinsic(value) and field in ("ErrorPath", "CausePath"):
            Intrinsic(value)
        else:
            Path(value)
    except (PathSyntaxError, TypeError, ValueError) as exc:
        errors.append(f"{where} field {field}: {exc}")


def check_transition(where: str, kind: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    if kind in ("Choice", "Succeed", "Fail"):
        for field in ("Next", "End"):
            if field in state:
                errors.append(f"{where} field {field}: not allowed in a {kind} state")
        return
    has_next, end = "Next" in state, state.get("End") is True
    if has_next == end:
        errors.append(f"{where} field Next/End: exactly one of Next or End: true is required")
    if has_next and state["Next"] not in states:
        errors.append(f"{where} field Next: {state['Next']!r} is not a state of this machine")


def check_paths(where: str, state: dict[str, Any], errors: Errors) -> None:
    for field in ("InputPath", "OutputPath", "ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath",
                  "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath",
                  "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"):
        if field in state:
            _path(state[field], where, field, errors)
    if "ResultPath" in state:
        _path(state["ResultPath"], where, "ResultPath", errors, reference=True)
    for field in ("Parameters", "ResultSelector", "ItemSelector"):
        if field in state:
            try:
                Template(state[field], field)
            except (PathSyntaxError, ValueError, TypeError) as exc:
                errors.append(f"{where} field {field}: {exc}")


def _retry_catch(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    for field in ("Retry", "Catch"):
        rules = state.get(field, [])
        if not isinstance(rules, list):
            errors.append(f"{where} field {field}: must be an array")
            continue
        for i, rule in enumerate(rules):
            _rule(f"{where} field {field}[{i}]", field, rule, states, errors, last=i == len(rules) - 1)


def _rule(where: str, field: str, rule: Any, states: dict[str, Any], errors: Errors, last: bool) -> None:
    names = rule.get("ErrorEquals") if isinstance(rule, dict) else None
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        errors.append(f"{where}.ErrorEquals: must be a non-empty array of error names")
        return
    if ALL in names and (len(names) > 1 or not last):
        errors.append(f"{where}.ErrorEquals: States.ALL must appear alone and in the last {field} rule")
    if field == "Catch":
        if rule.get("Next") not in states:
            errors.append(f"{where}.Next: {rule.get('Next')!r} is not a state of this machine")
        if "ResultPath" in rule:
            _path(rule["ResultPath"], where, "ResultPath", errors, reference=True)
        return
    for key in ("MaxAttempts", "IntervalSeconds", "MaxDelaySeconds"):
        if key in rule:
            positive_int(rule[key], where, key, errors, minimum=0 if key == "MaxAttempts" else 1)
    backoff = rule.get("BackoffRate", 2.0)
    if isinstance(backoff, bool) or not isinstance(backoff, int | float) or backoff < 1:
        errors.append(f"{where}.BackoffRate: must be a number >= 1.0")
    if rule.get("JitterStrategy", "NONE") not in ("FULL", "NONE"):
        errors.append(f"{where}.JitterStrategy: must be FULL or NONE")


def _task(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    if not isinstance(state.get("Resource"), str) or not state["Resource"]:
        errors.append(f"{where} field Resource: a Task needs a Resource string")
    for field in ("TimeoutSeconds", "HeartbeatSeconds"):
        if field in state:
            positive_int(state[field], where, field, errors)
        if field in state and f"{field}Path" in state:
            errors.append(f"{where} field {field}Path: only one of {field} and {field}Path")
    timeout, beat = state.get("TimeoutSeconds"), state.get("HeartbeatSeconds")
    if isinstance(timeout, int) and isinstance(beat, int) and beat >= timeout:
        errors.append(f"{where} field HeartbeatSeconds: must be smaller than TimeoutSeconds")
    _retry_catch(where, state, states, errors)


def _choice(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    choices = state.get("Choices")
    if not isinstance(choices, list) or not choices:
        errors.append(f"{where} field Choices: must be a non-empty array")
        return
    for i, rule in enumerate(choices):
        if not isinstance(rule, dict) or rule.get("Next") not in states:
            errors.append(f"{where} field Choices[{i}].Next: must name a state of this machine")
        _choice_rule(f"{where} field Choices[{i}]", rule, errors)
    if "Default" in state and state["Default"] not in states:
        errors.append(f"{where} field Default: {state['Default']!r} is not a state of this machine")


def _choice_rule(where: str, rule: Any, errors: Errors) -> None:
    if not isinstance(rule, dict):
        errors.append(f"{where}: must be an object")
        return
    for combinator in ("And", "Or"):
        if combinator in rule:
            subs = rule[combinator]
            if not isinstance(subs, list) or not subs:
                errors.append(f"{where}.{combinator}: must be a non-empty array")
                return
            for i, sub in enumerate(subs):
                _choice_rule(f"{where}.{combinator}[{i}]", sub, errors)
            return
    if "Not" in rule:
        _choice_rule(f"{where}.Not", rule["Not"], errors)
        return
    ops = [k for k in rule if k in COMPARATORS]
    if len(ops) != 1:
        errors.append(f"{where}: needs exactly one comparison operator, found {ops or 'none'}")
        return
    _path(rule.get("Variable"), where, "Variable", errors)
    _operand(where, ops[0], rule[ops[0]], errors)


def _operand(where: str, op: str, value: Any, errors: Errors) -> None:
    if op.endswith("Path"):
        _path(value, where, op, errors)
        return
    kinds: dict[str, Callable[[Any], bool]] = {
        "String": lambda v: isinstance(v, str), "Timestamp": lambda v: isinstance(v, str),
        "Numeric": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    }
    kind = next((k for k in kinds if op.startswith(k)), None)
    ok = kinds[kind](value) if kind else isinstance(value, bool) or op == "StringMatches"
    if op == "StringMatches":
        ok = isinstance(value, str)
    if not ok:
        errors.append(f"{where}.{op}: operand {value!r} has the wrong type")


def _wait(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    present = [f for f in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if f in state]
    if len(present) != 1:
        errors.append(f"{where} field Seconds/Timestamp: exactly one of Seconds, Timestamp, SecondsPath, "
                      f"TimestampPath is required, found {present or 'none'}")
    if "Seconds" in state:
        positive_int(state["Seconds"], where, "Seconds", errors, minimum=0)
    if "Timestamp" in state and parse_timestamp(state["Timestamp"]) is None:
        errors.append(f"{where} field Timestamp: {state['Timestamp']!r} is not an RFC 3339 timestamp")


def _fail(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    for field in ("Error", "Cause"):
        if field in state and f"{field}Path" in state:
            errors.append(f"{where} field {field}Path: only one of {field} and {field}Path")


def _parallel(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    if not isinstance(state.get("Branches"), list) or not state["Branches"]:
        errors.append(f"{where} field Branches: must be a non-empty array")
    _retry_catch(where, state, states, errors)


def _map(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    processor = state.get("ItemProcessor", state.get("Iterator"))
    if not isinstance(processor, dict):
        errors.append(f"{where} field ItemProcessor: a Map needs an ItemProcessor (or Iterator)")
    elif processor.get("ProcessorConfig", {}).get("Mode", "INLINE") != "INLINE":
        errors.append(f"{where} field ItemProcessor.ProcessorConfig.Mode: only INLINE runs on the local engine")
    if "Parameters" in state and "ItemSelector" in state:
        errors.append(f"{where} field ItemSelector: only one of Parameters and ItemSelector")
    if "MaxConcurrency" in state:
        positive_int(state["MaxConcurrency"], where, "MaxConcurrency", errors, minimum=0)
    if "ToleratedFailureCount" in state:
        positive_int(state["ToleratedFailureCount"], where, "ToleratedFailureCount", errors, minimum=0)
    pct = state.get("ToleratedFailurePercentage", 0)
    if isinstance(pct, bool) or not isinstance(pct, int | float) or not 0 <= pct <= 100:
        errors.append(f"{where} field ToleratedFailurePercentage: must be a number in 0..100")
    _retry_catch(where, state, states, errors)


def sub_machines(state: dict[str, Any]) -> list[tuple[str, Any]]:
    if state["Type"] == "Parallel":
        return [(f"branch {i}", b) for i, b in enumerate(state.get("Branches") or [])]
    processor = state.get("ItemProcessor", state.get("Iterator"))
    return [("ItemProcessor", processor)] if isinstance(processor, dict) else []


def _none(where: str, state: dict[str, Any], states: dict[str, Any], errors: Errors) -> None:
    return None


CHECKS: dict[str, Callable[[str, dict[str, Any], dict[str, Any], Errors], None]] = {
    "Task": _task, "Choice": _choice, "Wait": _wait, "Fail": _fail, "Parallel": _parallel, "Map": _map,
    "Pass": _none, "Succeed": _none,
}
