"""Free-text detection: every kind found and labelled; order and lot numbers left readable."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.privacy.detect import LABELS, find_personal_data, mask_personal_data
from mdap.domain.privacy.numbers import arn_check_digit, crn_check_digit, rrn_check_digit, valid_rrn
from mdap.domain.program.brn import check_digit as brn_check_digit

twelve_digits = st.from_regex(r"[0-9]{12}", fullmatch=True)


def kinds(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    return [f.kind for f in find_personal_data(text, names)]


@pytest.mark.parametrize(("text", "kind"), [
    ("연락처 010-1234-5678 입니다", "mobile"), ("01012345678", "mobile"), ("+82 10-1234-5678", "mobile"),
    ("사무실 02-123-4567", "phone"), ("(031) 765-4321", "phone"), ("kim.mj@example.co.kr", "email"),
    ("사업자 220-81-62517", "brn"),
])  # fmt: skip
def test_each_kind_is_found(text: str, kind: str) -> None:
    assert kinds(text) == [kind]


@pytest.mark.parametrize("text", [
    "작업지시 PO-2024-000123", "로트 2403150001", "LOT-240305-001", "설비 IM-07 온도 235.5",
    "220-81-62518", "2208162517", "0212345678", "시리얼 1234567890123", "2024-03-05 14:30:00", "사용률 99.5%",
])  # fmt: skip
def test_order_lot_and_serial_numbers_are_not_personal_data(text: str) -> None:
    assert kinds(text) == []


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(1999, 12, 31)), st.from_regex(r"[0-9]{5}", fullmatch=True),
       st.sampled_from("12"), st.booleans())
def test_valid_resident_numbers_are_found_with_or_without_the_hyphen(born: date, serial: str, sex: str,
                                                                     hyphen: bool) -> None:
    twelve = f"{born:%y%m%d}{sex}{serial}"
    number = twelve + str(rrn_check_digit(twelve))
    written = f"{number[:6]}-{number[6:]}" if hyphen else number
    masked, found = mask_personal_data(f"주민번호 {written} 확인")
    assert found == ["rrn"] and masked == f"주민번호 {LABELS['rrn']} 확인"


@given(twelve_digits, st.integers(1, 9))
def test_thirteen_digits_with_a_wrong_check_digit_are_left_alone(twelve: str, offset: int) -> None:
    checks = {rrn_check_digit(twelve), arn_check_digit(twelve), crn_check_digit(twelve)}
    wrong = next(d for d in ((rrn_check_digit(twelve) + offset + k) % 10 for k in range(10)) if d not in checks)
    assert kinds(f"번호 {twelve[:6]}-{twelve[6:]}{wrong}") == []


@given(st.from_regex(r"[1-9][0-9]{2}", fullmatch=True), st.from_regex(r"[0-9]{2}", fullmatch=True),
       st.from_regex(r"[0-9]{4}", fullmatch=True), st.integers(1, 9))
def test_business_numbers_are_masked_only_with_their_check_digit(office: str, kind: str, serial: str,
                                                                 offset: int) -> None:
    nine = office + kind + serial
    check = brn_check_digit(nine)
    assert kinds(f"{nine[:3]}-{nine[3:5]}-{nine[5:]}{check}") == ["brn"]
    assert kinds(f"{nine[:3]}-{nine[3:5]}-{nine[5:]}{(check + offset) % 10}") == []


@given(twelve_digits)
def test_corporate_numbers_need_the_hyphen(twelve: str) -> None:
    number = twelve + str(crn_check_digit(twelve))
    hyphenated = kinds(f"법인 {number[:6]}-{number[6:]}")
    assert hyphenated in (["crn"], ["rrn"], ["arn"])  # a number can satisfy two rules; it is masked either way
    if not valid_rrn(number) and not kinds(number):
        assert kinds(number) == []


def test_known_names_are_masked_even_glued_to_particles_and_latin_names_as_words() -> None:
    names = frozenset({"김민준", "Kim", "이"})
    masked, found = mask_personal_data("김민준님이 Kim과 Kimchi 확인", names)
    assert masked == "[이름]님이 [이름]과 Kimchi 확인" and found == ["name", "name"]


def test_overlapping_findings_keep_the_longer_one() -> None:
    masked, found = mask_personal_data("문의 kim010-1234-5678@example.com", frozenset())
    assert found == ["email"] and masked == "문의 [이메일]"


@given(st.text(max_size=60))
def test_masking_is_idempotent_and_leaves_nothing_to_find(text: str) -> None:
    names = frozenset({"김민준", "이서연"})
    once, _ = mask_personal_data(text, names)
    assert mask_personal_data(once, names)[0] == once
    assert find_personal_data(once, names) == []
