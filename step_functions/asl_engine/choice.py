"""Choice rules compiled into predicates over the state's effective input."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .errors import StatesError
from .jsonpath import MISSING, Path

Predicate = Callable[[Any, Any], bool]  # (input, context) -> bool
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_OPS = {"Equals": operator.eq, "LessThan": operator.lt, "GreaterThan": operator.gt,
        "LessThanEquals": operator.le, "GreaterThanEquals": operator.ge}
_TYPES = ("String", "Numeric", "Boolean", "Timestamp")
COMPARATORS = frozenset(f"{t}{op}{suffix}" for t in _TYPES for op in _OPS for suffix in ("", "Path")
                        if t != "Boolean" or op == "Equals") | {
    "StringMatches", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"}


def parse_timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "String": lambda v: v if isinstance(v, str) else MISSING,
    "Numeric": lambda v: v if _is_number(v) else MISSING,
    "Boolean": lambda v: v if isinstance(v, bool) else MISSING,
    "Timestamp": lambda v: parse_timestamp(v) or MISSING,
}
_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda v: v is None, "IsNumeric": _is_number, "IsString": lambda v: isinstance(v, str),
    "IsBoolean": lambda v: isinstance(v, bool), "IsTimestamp": lambda v: parse_timestamp(v) is not None,
}


def string_matches(pattern: str) -> Callable[[str], bool]:
    """'*' matches any run of characters; '\\*' and '\\\\' are literal."""
    parts, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if pattern[i] == "*" else re.escape(pattern[i]))
        i += 1
    regex = re.compile("".join(parts), re.DOTALL)
    return lambda value: regex.fullmatch(value) is not None


def compile_rule(rule: dict[str, Any]) -> Predicate:
    if "And" in rule or "Or" in rule:
        subs = [compile_rule(r) for r in rule.get("And", rule.get("Or", []))]
        if "And" in rule:
            return lambda d, c: all(s(d, c) for s in subs)
        return lambda d, c: any(s(d, c) for s in subs)
    if "Not" in rule:
        sub = compile_rule(rule["Not"])
        return lambda d, c: not sub(d, c)
    op = next(k for k in rule if k in COMPARATORS)
    return _comparison(Path(rule["Variable"]), op, rule[op])


def _comparison(variable: Path, op: str, expected: Any) -> Predicate:
    def value(d: Any, c: Any) -> Any:
        return variable.find(c if variable.context else d)

    if op == "IsPresent":
        return lambda d, c: (value(d, c) is not MISSING) == expected
    test = _test(op, expected)

    def predicate(d: Any, c: Any) -> bool:
        found = value(d, c)
        if found is MISSING:
            raise StatesError("States.Runtime",
                              f"Invalid path '{variable.text}': the choice state's condition path "
                              "references an undefined value")
        return test(found, d, c)

    return predicate


def _test(op: str, expected: Any) -> Callable[[Any, Any, Any], bool]:
    if op in _TESTS:
        fn = _TESTS[op]
        return lambda v, d, c: fn(v) == expected
    if op == "StringMatches":
        match = string_matches(expected)
        return lambda v, d, c: isinstance(v, str) and match(v)
    kind = next(t for t in _TYPES if op.startswith(t))
    name = op[len(kind):]
    convert = _CONVERT[kind]
    if name.endswith("Path"):
        other = Path(expected)
        compare = _OPS[name[:-4]]

        def against_path(v: Any, d: Any, c: Any) -> bool:
            right = other.find(c if other.context else d)
            if right is MISSING:
                raise StatesError("States.Runtime", f"Invalid path '{other.text}' in choice rule {op}")
            left, right = convert(v), convert(right)
            return left is not MISSING and right is not MISSING and bool(compare(left, right))

        return against_path
    compare, target = _OPS[name], convert(expected)
    return lambda v, d, c: (left := convert(v)) is not MISSING and bool(compare(left, target))
