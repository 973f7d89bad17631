"""Business registration numbers (사업자등록번호): ten digits, the last a National Tax Service check digit."""

from __future__ import annotations

import re

from mdap.domain.program.errors import RuleViolation

_SHAPE = re.compile(r"[0-9]{3}-?[0-9]{2}-?[0-9]{5}", re.ASCII)
_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalise_brn(text: str) -> str:
    """The ten digits of a number written "1234567890" or "123-45-67890"; refuses any other shape."""
    candidate = text.strip() if isinstance(text, str) else ""
    if not _SHAPE.fullmatch(candidate):
        raise RuleViolation(f"business registration number {text!r} is not 10 digits (123-45-67890)",
                            message_ko="사업자등록번호는 숫자 10자리(123-45-67890)여야 합니다.", field="brn")
    return candidate.replace("-", "")


def check_digit(first_nine: str) -> int:
    """Weights 1,3,7,1,3,7,1,3,5; the tens of 5 × the ninth digit are added; check = (10 − sum mod 10) mod 10."""
    digits = [int(char) for char in first_nine]
    total = sum(digit * weight for digit, weight in zip(digits, _WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def valid_brn(text: str) -> bool:
    """True for a well-formed number whose check digit matches; never raises."""
    try:
        digits = normalise_brn(text)
    except RuleViolation:
        return False
    return check_digit(digits[:9]) == int(digits[9])


def check_brn(text: str, field: str = "brn") -> str:
    """The normalised number, or a refusal naming `field` when it is malformed or its check digit is wrong."""
    try:
        digits = normalise_brn(text)
    except RuleViolation as exc:
        raise RuleViolation(exc.message, message_ko=exc.message_ko, field=field) from None
    if check_digit(digits[:9]) != int(digits[9]):
        raise RuleViolation(f"business registration number {text!r} fails its check digit",
                            message_ko="사업자등록번호가 올바르지 않습니다(검증번호 불일치).",
                            field=field)
    return digits
