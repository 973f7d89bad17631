"""Business registration numbers and their National Tax Service check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.program.brn import check_brn, check_digit, normalise_brn, valid_brn
from mdap.domain.program.errors import RuleViolation


@pytest.mark.parametrize("number", ["220-81-62517", "2208162517", "124-81-00998", "120-81-47521", " 220-81-62517 "])
def test_known_registration_numbers_are_valid(number: str) -> None:
    assert valid_brn(number)


@pytest.mark.parametrize("number", ["220-81-62518", "123-45-67890", "000-00-00001", "12345", "220 81 62517",
                                    "22O-81-62517", "220-81-625170", "２２０-81-62517", ""])
def test_wrong_check_digits_and_malformed_numbers_are_invalid(number: str) -> None:
    assert not valid_brn(number)


def test_normalise_keeps_the_ten_digits_and_refuses_other_shapes() -> None:
    assert normalise_brn("220-81-62517") == "2208162517"
    with pytest.raises(RuleViolation) as refused:
        normalise_brn("220-81")
    assert refused.value.code == "rule_violation" and refused.value.field == "brn"


def test_check_brn_names_the_field_and_explains_in_korean() -> None:
    assert check_brn("220-81-62517", "members[0].brn") == "2208162517"
    with pytest.raises(RuleViolation) as refused:
        check_brn("220-81-62518", "members[0].brn")
    assert refused.value.field == "members[0].brn"
    assert "사업자등록번호" in refused.value.message_ko
    with pytest.raises(RuleViolation) as malformed:
        check_brn("abc", "supplier_brn")
    assert malformed.value.field == "supplier_brn"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(1, 9))
def test_the_check_digit_validates_exactly_one_last_digit(first_nine: str, shift: int) -> None:
    right = check_digit(first_nine)
    assert valid_brn(f"{first_nine}{right}")
    assert not valid_brn(f"{first_nine}{(right + shift) % 10}")
