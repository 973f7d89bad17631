"""Reading plain JSON values into typed ones, refusing with the caller's error type and naming the field."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from mdap.domain.program.errors import ProgramError

Refusal = Callable[[str, str, str], ProgramError]
"""Builds the caller's refusal from (English message, Korean message, field)."""


def number(value: object, field: str, refuse: Refusal) -> Decimal:
    """A JSON number as an exact Decimal (floats through their shortest text, so 0.1 stays 0.1)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise refuse(f"{field} must be a number, not {_kind(value)}", f"{field}: 숫자여야 합니다.", field)
    result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise refuse(f"{field} must be a finite number", f"{field}: 유한한 숫자여야 합니다.", field)
    return result


def integer(value: object, field: str, refuse: Refusal, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse(f"{field} must be a whole number, not {_kind(value)}", f"{field}: 정수여야 합니다.", field)
    if minimum is not None and value < minimum:
        raise refuse(f"{field} must be at least {minimum}, not {value}", f"{field}: {minimum} 이상이어야 합니다.",
                     field)
    return value


def boolean(value: object, field: str, refuse: Refusal) -> bool:
    if not isinstance(value, bool):
        raise refuse(f"{field} must be true or false, not {_kind(value)}", f"{field}: true 또는 false여야 합니다.",
                     field)
    return value


def text(value: object, field: str, refuse: Refusal) -> str:
    if not isinstance(value, str) or not value.strip():
        raise refuse(f"{field} must be a non-empty string", f"{field}: 비어 있지 않은 문자열이어야 합니다.", field)
    return value


def string(value: object, field: str, refuse: Refusal) -> str:
    if not isinstance(value, str):
        raise refuse(f"{field} must be a string, not {_kind(value)}", f"{field}: 문자열이어야 합니다.", field)
    return value


def choice(value: object, field: str, options: Sequence[str], refuse: Refusal) -> str:
    if not isinstance(value, str) or value not in options:
        shown = " or ".join(repr(option) for option in options)
        raise refuse(f"{field} must be {shown}, not {value!r}", f"{field}: {', '.join(options)} 중 하나여야 합니다.",
                     field)
    return value


def mapping(value: object, field: str, refuse: Refusal, *, allowed: Collection[str] | None,
            required: Collection[str] = ()) -> Mapping[str, Any]:
    """A JSON object with only the allowed keys (any when `allowed` is None) and all the required ones."""
    if not isinstance(value, Mapping):
        raise refuse(f"{field} must be an object, not {_kind(value)}", f"{field}: 객체여야 합니다.", field)
    for key in value:
        if allowed is not None and key not in allowed:
            raise refuse(f"{field}: unknown key {key!r}", f"{field}: 알 수 없는 항목 {key!r}", f"{field}.{key}")
    for key in required:
        if key not in value:
            raise refuse(f"{field}: {key!r} is missing", f"{field}: {key!r} 항목이 없습니다.", f"{field}.{key}")
    return value


def array(value: object, field: str, refuse: Refusal) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise refuse(f"{field} must be a list, not {_kind(value)}", f"{field}: 목록이어야 합니다.", field)
    return value


def to_json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole values as integers, others as the float of the same text."""
    return int(value) if value == value.to_integral_value() else float(value)


def show(value: Decimal) -> str:
    """A Decimal for messages: 40, 12.5 (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__
