"""Keyed pseudonyms, value masks, generalisation and the k-anonymity report."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.privacy.detect import find_personal_data
from mdap.domain.privacy.kanon import k_anonymity_report
from mdap.domain.privacy.masking import (
    generalise_number,
    generalise_text,
    generalise_time,
    mask_value,
    parse_granularity,
)
from mdap.domain.privacy.pseudonym import pseudonym

KEY = b"0123456789abcdef0123456789abcdef"


def test_the_same_person_gets_the_same_pseudonym_and_another_key_another() -> None:
    assert pseudonym(KEY, "김민준") == pseudonym(KEY, " 김 민준 ") == pseudonym(KEY, "김민준")
    assert pseudonym(KEY, "김민준") != pseudonym(KEY, "이서연")
    assert pseudonym(KEY, "김민준") != pseudonym(b"another-key-0123456789", "김민준")
    with pytest.raises(ValueError):
        pseudonym(b"", "김민준")


@given(st.text(min_size=1, max_size=30))
def test_pseudonyms_have_no_digits_so_no_detector_can_fire_on_them(value: str) -> None:
    alias = pseudonym(KEY, value)
    assert re.fullmatch(r"psn_[a-p]{20}", alias)
    assert find_personal_data(alias) == []


@pytest.mark.parametrize(("value", "masked"), [
    ("010-1234-5678", "***-****-5678"), ("kim@example.com", "***@******e.com"), ("1234", "****"),
])  # fmt: skip
def test_masks_keep_shape_and_the_last_four_characters(value: str, masked: str) -> None:
    assert mask_value(value) == masked


def test_generalisation_coarsens_times_numbers_and_text() -> None:
    moment = datetime(2024, 3, 5, 14, 37, 12)
    assert generalise_time(moment, "hour") == datetime(2024, 3, 5, 14)
    assert generalise_time(moment, "month") == datetime(2024, 3, 1)
    assert generalise_number(37, 10) == 30 and generalise_text("21999 인천", 3) == "219*"
    assert parse_granularity("band:10") == ("band", 10.0) and parse_granularity("day") == ("day", 0.0)
    with pytest.raises(ValueError):
        parse_granularity("prefix:2.5")


def test_k_anonymity_report_counts_classes_below_the_target() -> None:
    report = k_anonymity_report(["site", "shift"], [7, 2, 5, 1], k_target=5)
    assert (report.k, report.classes, report.classes_below_target, report.rows_below_target) == (1, 4, 2, 3)
    assert not report.satisfied and report.as_dict()["rows"] == 15
    assert k_anonymity_report(["site"], [], 5).satisfied
