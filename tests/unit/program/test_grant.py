"""R-PRG-1 and R-AGR-1: the audited budget split between the city and the adopter, in whole won."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.program.errors import RuleViolation
from mdap.domain.program.grant import GrantSplit, grant_split


def test_r_prg_1_the_city_pays_at_most_80_million_and_the_adopter_the_excess_and_all_vat() -> None:
    assert grant_split(100_000_000) == GrantSplit(audited_budget=100_000_000, city_share=80_000_000,
                                                  adopter_share=20_000_000, vat=10_000_000, adopter_total=30_000_000)


def test_r_agr_1_a_budget_under_the_cap_is_paid_in_full_by_the_city_and_vat_by_the_adopter() -> None:
    split = grant_split(50_000_000)
    assert (split.city_share, split.adopter_share, split.vat, split.adopter_total) == (50_000_000, 0, 5_000_000,
                                                                                        5_000_000)
    assert split.project_total == 55_000_000
    assert split.as_json()["city_share"] == 50_000_000


def test_vat_fractions_of_a_won_are_dropped() -> None:
    assert grant_split(12_345_678).vat == 1_234_567
    assert grant_split(100, vat_rate=Decimal("0.15")).vat == 15


@pytest.mark.parametrize("budget", [-1, 1.5, True, "80000000"])
def test_a_budget_that_is_not_whole_won_is_refused(budget: object) -> None:
    with pytest.raises(RuleViolation) as refused:
        grant_split(budget)  # type: ignore[arg-type]
    assert refused.value.field == "audited_budget_krw"


def test_an_impossible_vat_rate_is_refused() -> None:
    with pytest.raises(RuleViolation):
        grant_split(1_000, vat_rate=Decimal(1))


@given(st.integers(0, 10**12), st.integers(0, 10**9))
def test_the_shares_add_up_to_the_budget(budget: int, cap: int) -> None:
    split = grant_split(budget, cap_krw=cap)
    assert split.city_share + split.adopter_share == budget
    assert split.city_share <= cap
    assert split.adopter_total == split.adopter_share + split.vat
    assert all(isinstance(value, int) for value in split.as_json().values())
