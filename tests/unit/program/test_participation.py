"""R-PRG-4: who makes up an application, and how many adopters a supplier may bring to a call."""

from __future__ import annotations

import pytest

from mdap.domain.program.errors import RuleViolation
from mdap.domain.program.participation import Member, check_participation, check_supplier_load

ADOPTER = Member("org-a", "인천정밀", "220-81-62517", "adopter")
BOTH = Member("org-s", "데이터솔루션", "124-81-00998", "supplier", frozenset({"solution", "consulting"}))
SOLUTION = Member("org-s", "솔루션랩", "124-81-00998", "solution_company", frozenset({"solution"}))
CONSULTING = Member("org-c", "분석컨설팅", "120-81-47521", "consulting_company", frozenset({"consulting"}))


def refusal(kind: str, members: list[Member]) -> RuleViolation:
    with pytest.raises(RuleViolation) as refused:
        check_participation(kind, members)  # type: ignore[arg-type]
    return refused.value


def test_r_prg_4_single_is_an_adopter_and_one_supplier_with_both_qualifications() -> None:
    check_participation("single", [ADOPTER, BOTH])


def test_r_prg_4_consortium_is_an_adopter_a_solution_company_and_a_consulting_company() -> None:
    check_participation("consortium", [SOLUTION, CONSULTING, ADOPTER])


def test_r_prg_4_single_supplier_without_the_consulting_qualification_is_refused_by_name() -> None:
    partly = Member("org-s", "데이터솔루션", "124-81-00998", "supplier", frozenset({"solution"}))
    error = refusal("single", [ADOPTER, partly])
    assert (error.rule, error.field) == ("R-PRG-4", "members")
    assert "lacks the consulting qualification" in str(error)
    assert "컨설팅기업 자격요건 미충족" in error.message_ko


def test_r_prg_4_consortium_without_a_consulting_company_names_what_is_missing() -> None:
    error = refusal("consortium", [ADOPTER, SOLUTION])
    assert "needs exactly one consulting_company, found 0" in str(error)
    assert "컨설팅기업 1개사가 필요함" in error.message_ko


def test_r_prg_4_a_consortium_member_cannot_be_a_single_supplier_and_two_adopters_are_refused() -> None:
    error = refusal("consortium", [ADOPTER, SOLUTION, CONSULTING, BOTH])
    assert "cannot take part as supplier" in str(error)
    second = Member("org-b", "부평기계", "120-81-47521", "adopter")
    assert "needs exactly one adopter, found 2" in str(refusal("single", [ADOPTER, second, BOTH]))


def test_r_prg_4_one_company_cannot_fill_two_roles() -> None:
    same = Member("org-a", "인천정밀", "220-81-62517", "supplier", frozenset({"solution", "consulting"}))
    assert "same company" in str(refusal("single", [ADOPTER, same]))


def test_member_registration_numbers_are_checked_by_position() -> None:
    wrong = Member("org-s", "데이터솔루션", "124-81-00999", "supplier", frozenset({"solution", "consulting"}))
    assert refusal("single", [ADOPTER, wrong]).field == "members[1].brn"


def test_an_unknown_participation_kind_is_refused() -> None:
    assert refusal("joint", [ADOPTER, BOTH]).field == "kind"


@pytest.mark.parametrize("including_this_one", [1, 2, 3])
def test_r_prg_4_a_supplier_may_bring_up_to_three_adopters(including_this_one: int) -> None:
    check_supplier_load("124-81-00998", including_this_one)


def test_r_prg_4_a_fourth_application_of_the_same_supplier_in_one_call_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_supplier_load("124-81-00998", 4)
    assert refused.value.rule == "R-PRG-4"
    assert "최대 3개사" in refused.value.message_ko
