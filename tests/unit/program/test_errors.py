"""Refusals are values: a stable code, an English and a Korean message, the field and the rule they concern."""

from __future__ import annotations

import pytest

from mdap.domain.program.errors import (
    DeadlinePassed,
    IllegalTransition,
    PolicyInvalid,
    ProgramError,
    RubricInvalid,
    RuleViolation,
    ScoreSheetInvalid,
)


@pytest.mark.parametrize("kind,code", [
    (IllegalTransition, "illegal_transition"),
    (RuleViolation, "rule_violation"),
    (PolicyInvalid, "policy_invalid"),
    (ScoreSheetInvalid, "score_sheet_invalid"),
    (DeadlinePassed, "deadline_passed"),
])
def test_each_kind_of_refusal_has_its_own_code_and_a_korean_default(kind: type[ProgramError], code: str) -> None:
    error = kind("too late", field="requested_at", rule="R-AGR-3")
    assert isinstance(error, ProgramError)
    assert error.code == code
    assert str(error) == "too late"
    assert error.message_ko and error.message_ko != ProgramError.default_message_ko
    assert (error.field, error.rule) == ("requested_at", "R-AGR-3")


def test_a_given_korean_message_replaces_the_default() -> None:
    error = RuleViolation("no", message_ko="안 됩니다")
    assert error.message_ko == "안 됩니다"
    assert error.field is None and error.rule is None


def test_rubric_refusal_lists_every_problem_in_its_message() -> None:
    error = RubricInvalid(["category a: items add up to 5, the category says 6", "rubric: no categories"])
    assert error.code == "rubric_invalid"
    assert error.problems == ["category a: items add up to 5, the category says 6", "rubric: no categories"]
    assert str(error) == "category a: items add up to 5, the category says 6; rubric: no categories"
    assert error.rule == "R-SEL-2"


def test_refusal_as_json_carries_what_the_api_returns() -> None:
    body = DeadlinePassed("closed", message_ko="마감", field="requested_at", rule="R-AGR-3").as_json()
    assert body == {"code": "deadline_passed", "message": "closed", "message_ko": "마감", "field": "requested_at",
                    "rule": "R-AGR-3"}
    assert "field" not in IllegalTransition("x").as_json()
