"""Korean registration numbers and their check digits.

Check digits are what tell a registration number from an order or lot number of the same shape: a random
13-digit number passes a resident-number check only about once in 40 (date, sex digit and check digit), so
masking only valid numbers keeps most order numbers readable. Numbers issued since October 2020 carry no check
digit; they belong to people born since then (or who changed numbers), which shop-floor records hardly name —
a trade-off written down here on purpose.
"""

from __future__ import annotations

from datetime import date

_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_CENTURY = {"1": 1900, "2": 1900, "3": 2000, "4": 2000, "5": 1900, "6": 1900, "7": 2000, "8": 2000,
            "9": 1800, "0": 1800}


def _weighted(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits[:12], _RRN_WEIGHTS, strict=True))


def _birth_date_valid(digits: str) -> bool:
    try:
        date(_CENTURY[digits[6]] + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return False
    return True


def _thirteen(text: str) -> str | None:
    digits = text.replace("-", "").replace(" ", "")
    return digits if len(digits) == 13 and digits.isascii() and digits.isdigit() else None


def rrn_check_digit(first_twelve: str) -> int:
    """주민등록번호: weights 2..9,2..5; check = (11 − sum mod 11) mod 10."""
    return (11 - _weighted(first_twelve) % 11) % 10


def arn_check_digit(first_twelve: str) -> int:
    """외국인등록번호 (before 2020-10): the same weights; check = (13 − sum mod 11) mod 10."""
    return (13 - _weighted(first_twelve) % 11) % 10


def crn_check_digit(first_twelve: str) -> int:
    """법인등록번호: weights 1,2 alternating; check = (10 − sum mod 10) mod 10."""
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(first_twelve[:12]))
    return (10 - total % 10) % 10


def valid_rrn(text: str) -> bool:
    """A resident registration number (sex digit 1–4, 9, 0) with a real birth date and a matching check digit."""
    digits = _thirteen(text)
    return (digits is not None and digits[6] in "12349" "0" and _birth_date_valid(digits)
            and rrn_check_digit(digits) == int(digits[12]))


def valid_arn(text: str) -> bool:
    """A foreigner registration number (sex digit 5–8) with a real birth date and a matching check digit."""
    digits = _thirteen(text)
    return (digits is not None and digits[6] in "5678" and _birth_date_valid(digits)
            and arn_check_digit(digits) == int(digits[12]))


def valid_crn(text: str) -> bool:
    """A corporate registration number: 13 digits whose last is the check digit."""
    digits = _thirteen(text)
    return digits is not None and crn_check_digit(digits) == int(digits[12])
