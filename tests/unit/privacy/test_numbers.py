"""Registration numbers: check digits tell them from order and lot numbers of the same shape."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.privacy.numbers import (
    arn_check_digit,
    crn_check_digit,
    rrn_check_digit,
    valid_arn,
    valid_crn,
    valid_rrn,
)

birth_dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2019, 12, 31))


def resident(born: date, sex: str, serial: str, check: int | None = None) -> str:
    twelve = f"{born:%y%m%d}{sex}{serial}"
    digit = rrn_check_digit(twelve) if check is None else check
    return f"{twelve[:6]}-{twelve[6:]}{digit}"


@given(birth_dates, st.from_regex(r"[0-9]{5}", fullmatch=True))
def test_a_resident_number_with_its_check_digit_is_valid_and_any_other_digit_is_not(born: date, serial: str) -> None:
    sex = "1" if born.year < 2000 else "3"
    number = resident(born, sex, serial)
    assert valid_rrn(number) and valid_rrn(number.replace("-", ""))
    wrong = (int(number[-1]) + 1) % 10
    assert not valid_rrn(number[:-1] + str(wrong))


@given(birth_dates, st.from_regex(r"[0-9]{5}", fullmatch=True), st.sampled_from("5678"))
def test_a_foreigner_number_uses_its_own_check_rule(born: date, serial: str, sex: str) -> None:
    twelve = f"{born:%y%m%d}{sex}{serial}"
    number = twelve + str(arn_check_digit(twelve))
    assert valid_arn(number)
    assert not valid_rrn(number)  # sex digits 5-8 are never resident numbers


@given(st.from_regex(r"[0-9]{12}", fullmatch=True))
def test_a_corporate_number_is_valid_exactly_with_its_check_digit(twelve: str) -> None:
    check = crn_check_digit(twelve)
    assert valid_crn(twelve + str(check))
    assert not valid_crn(twelve + str((check + 3) % 10))


def test_a_resident_number_needs_a_real_birth_date() -> None:
    impossible = "850230" + "1" + "23456"
    assert not valid_rrn(impossible + str(rrn_check_digit(impossible)))
    assert valid_rrn(resident(date(1985, 3, 15), "2", "23456"))


@pytest.mark.parametrize("text", ["", "12345", "850315-12345678", "８５０３１５-1234567", "abcdef-ghijklm"])
def test_malformed_numbers_are_never_valid(text: str) -> None:
    assert not valid_rrn(text) and not valid_arn(text) and not valid_crn(text)


def test_known_corporate_number_example_is_valid() -> None:
    assert valid_crn("110111-0000008") == (crn_check_digit("110111000000") == 8)
    assert date(2000, 1, 1) - timedelta(days=1) < date(2000, 1, 1)
