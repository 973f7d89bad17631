"""Compile a validated definition into State objects whose paths and templates are parsed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .choice import Predicate, compile_rule
from .intrinsics import Intrinsic, is_intrinsic
from .jsonpath import Path, ReferencePath
from .payload import Template
from .validation import ensure_valid


@dataclass
class Retrier:
    errors: list[str]
    interval: float = 1.0
    max_attempts: int = 3
    backoff: float = 2.0
    max_delay: float | None = None
    full_jitter: bool = False


@dataclass
class Catcher:
    errors: list[str]
    next: str
    result_path: ReferencePath | None  # None with discard=True: ResultPath null
    discard: bool = False


@dataclass
class Branch:
    key: str  # stable address of this (sub)machine: "" for the root, "Name/0" for a branch...
    start_at: str
    states: dict[str, State]


@dataclass
class State:
    name: str
    type: str
    raw: dict[str, Any]
    next: str | None = None
    input_path: Path | None = None
    input_null: bool = False
    output_path: Path | None = None
    output_null: bool = False
    parameters: Template | None = None
    result_selector: Template | None = None
    result_path: ReferencePath | None = None
    result_discard: bool = False
    retry: list[Retrier] = field(default_factory=list)
    catch: list[Catcher] = field(default_factory=list)
    choices: list[tuple[Predicate, str]] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    paths: dict[str, Any] = field(default_factory=dict)  # SecondsPath, ItemsPath, ErrorPath…, compiled
    uses_context: bool = False


def compile_definition(definition: dict[str, Any] | str) -> Branch:
    machine = ensure_valid(definition)
    return _branch(machine, "")


def _branch(machine: dict[str, Any], key: str) -> Branch:
    states = {name: _state(name, raw, key) for name, raw in machine["States"].items()}
    return Branch(key, machine["StartAt"], states)


def _state(name: str, raw: dict[str, Any], key: str) -> State:
    s = State(name=name, type=raw["Type"], raw=raw, next=raw.get("Next"))
    s.input_path, s.input_null = _io(raw, "InputPath")
    s.output_path, s.output_null = _io(raw, "OutputPath")
    if "ResultPath" in raw:
        s.result_discard = raw["ResultPath"] is None
        s.result_path = None if s.result_discard else ReferencePath(raw["ResultPath"])
    s.parameters = _template(raw, "ItemSelector" if "ItemSelector" in raw else "Parameters")
    s.result_selector = _template(raw, "ResultSelector")
    s.retry = [_retrier(r) for r in raw.get("Retry", [])]
    s.catch = [_catcher(c) for c in raw.get("Catch", [])]
    s.choices = [(compile_rule(rule), rule["Next"]) for rule in raw.get("Choices", [])]
    prefix = f"{key}/{name}" if key else name
    s.branches = [_branch(b, f"{prefix}/{i}") for i, b in enumerate(raw.get("Branches", []))]
    processor = raw.get("ItemProcessor", raw.get("Iterator"))
    if processor is not None:
        s.branches = [_branch(processor, f"{prefix}/map")]
    for field_name in ("SecondsPath", "TimestampPath", "ItemsPath", "ErrorPath", "CausePath",
                       "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath",
                       "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"):
        if field_name in raw:
            value = raw[field_name]
            s.paths[field_name] = Intrinsic(value) if is_intrinsic(value) else Path(value)
    s.uses_context = _uses_context(s)
    return s


def _io(raw: dict[str, Any], name: str) -> tuple[Path | None, bool]:
    if name not in raw:
        return None, False
    if raw[name] is None:
        return None, True
    path = Path(raw[name])
    return (None if path.definite and not path.keys and not path.context else path), False


def _template(raw: dict[str, Any], name: str) -> Template | None:
    return Template(raw[name], name) if name in raw else None


def _retrier(raw: dict[str, Any]) -> Retrier:
    return Retrier(raw["ErrorEquals"], float(raw.get("IntervalSeconds", 1)), int(raw.get("MaxAttempts", 3)),
                   float(raw.get("BackoffRate", 2.0)), raw.get("MaxDelaySeconds"),
                   raw.get("JitterStrategy") == "FULL")


def _catcher(raw: dict[str, Any]) -> Catcher:
    result = raw.get("ResultPath", "$")
    return Catcher(raw["ErrorEquals"], raw["Next"], None if result is None else ReferencePath(result),
                   discard=result is None)


def _uses_context(s: State) -> bool:
    templates = [t for t in (s.parameters, s.result_selector) if t is not None]
    paths = [p for p in (s.input_path, s.output_path) if p is not None]
    return (any(t.uses_context for t in templates) or any(p.context for p in paths)
            or any(getattr(p, "context", False) or getattr(p, "uses_context", False) for p in s.paths.values())
            or any("$$" in str(c) for c in s.raw.get("Choices", [])))
