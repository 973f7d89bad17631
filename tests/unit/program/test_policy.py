"""Per-call policy: every open point is an explicit setting with a documented default (OP-1, OP-3, OP-4)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from mdap.domain.program.errors import PolicyInvalid
from mdap.domain.program.policy import POLICY_FIELDS, ProgramPolicy, SelectionPolicy


def test_defaults_follow_the_call() -> None:
    """R-SEL-3: 3 places, 70 points; R-ELG-10: +5; R-REV-2: screening at twice the places."""
    policy = SelectionPolicy()
    assert (policy.places, policy.pass_mark, policy.bonus_points, policy.screening_ratio) == (
        3, Decimal(70), Decimal(5), 2)
    assert (policy.pass_mark_on, policy.aggregation, policy.tie_break_category) == ("base", "mean", "adopter_fit")


def test_r_rev_2_document_screening_from_twice_the_places() -> None:
    policy = SelectionPolicy()
    assert not policy.needs_screening(5)
    assert policy.needs_screening(6)
    assert SelectionPolicy(places=2, screening_ratio=3).needs_screening(6)


def test_op_4_screening_advances_twice_the_places_unless_set() -> None:
    assert SelectionPolicy().advancing_from_screening() == 6
    assert SelectionPolicy(screening_advance=4).advancing_from_screening() == 4


def test_op_3_r_rev_3_places_left_after_a_short_round_are_reopened_when_the_policy_says_so() -> None:
    assert SelectionPolicy().places_to_reopen(1) == 2
    assert SelectionPolicy().places_to_reopen(3) == 0
    assert SelectionPolicy(reopen_when_short=False).places_to_reopen(1) == 0


def test_r_sel_1_quorum_is_at_most_the_panel_of_five() -> None:
    assert SelectionPolicy(quorum=3).quorum_met(3)
    assert not SelectionPolicy(quorum=3).quorum_met(2)
    with pytest.raises(PolicyInvalid) as refused:
        SelectionPolicy(quorum=6)
    assert refused.value.field == "quorum"


def test_from_json_reads_every_field_and_as_json_gives_it_back() -> None:
    data = {"places": 2, "pass_mark": 72.5, "pass_mark_on": "total", "aggregation": "trimmed_mean",
            "bonus_points": 3, "score_decimals": 1, "screening_ratio": 3, "screening_advance": 4, "quorum": 4,
            "tie_break_category": "plan_fit", "reopen_when_short": False}
    policy = SelectionPolicy.from_json(data)
    assert policy.pass_mark == Decimal("72.5")
    assert policy.as_json() == data
    assert SelectionPolicy.from_json(SelectionPolicy().as_json()) == SelectionPolicy()


def test_from_json_takes_missing_fields_from_the_defaults() -> None:
    assert SelectionPolicy.from_json({}) == SelectionPolicy()
    assert SelectionPolicy.from_json({"places": 5}).pass_mark == Decimal(70)


@pytest.mark.parametrize("data,field", [
    ({"places": 0}, "places"),
    ({"places": "3"}, "places"),
    ({"places": True}, "places"),
    ({"pass_mark": "70"}, "pass_mark"),
    ({"pass_mark": -1}, "pass_mark"),
    ({"pass_mark": float("nan")}, "pass_mark"),
    ({"pass_mark_on": "bonus"}, "pass_mark_on"),
    ({"aggregation": "median"}, "aggregation"),
    ({"bonus_points": -5}, "bonus_points"),
    ({"score_decimals": 9}, "score_decimals"),
    ({"screening_ratio": 0}, "screening_ratio"),
    ({"screening_advance": 2}, "screening_advance"),
    ({"quorum": 0}, "quorum"),
    ({"aggregation": "trimmed_mean", "quorum": 2}, "quorum"),
    ({"tie_break_category": ""}, "tie_break_category"),
    ({"reopen_when_short": "yes"}, "reopen_when_short"),
    ({"place": 3}, "policy.place"),
])
def test_from_json_refuses_a_bad_field_by_name(data: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyInvalid) as refused:
        SelectionPolicy.from_json(data)
    assert refused.value.field == field
    assert refused.value.code == "policy_invalid"
    assert refused.value.message_ko


def test_from_json_refuses_what_is_not_an_object() -> None:
    with pytest.raises(PolicyInvalid):
        SelectionPolicy.from_json([])  # type: ignore[arg-type]


def test_program_policy_defaults_and_validation() -> None:
    """R-PRG-1 cap, R-PRG-2 term and extension, R-PAY-1 window, R-FIN-3, R-AGR-3, R-OBL-3, R-PAY-3."""
    policy = ProgramPolicy()
    assert policy.as_json() == {"term_months": 9, "max_extension_months": 3, "grant_cap_krw": 80_000_000,
                                "payment_window_days": 14, "final_evaluation_days": 14,
                                "plan_change_cutoff_months": 1, "obligation_years": 5, "insurance_extra_months": 3}
    assert ProgramPolicy.from_json({"term_months": 6}).term_months == 6
    cases: list[tuple[dict[str, Any], str]] = [
        ({"term_months": 0}, "term_months"), ({"payment_window_days": 0}, "payment_window_days"),
        ({"plan_change_cutoff_months": 9}, "plan_change_cutoff_months"), ({"grant_cap_krw": 1.5}, "grant_cap_krw"),
        ({"unknown": 1}, "program_policy.unknown")]
    for data, field in cases:
        with pytest.raises(PolicyInvalid) as refused:
            ProgramPolicy.from_json(data)
        assert refused.value.field == field


def test_policy_fields_describe_every_setting_with_its_rule_default_and_both_languages() -> None:
    names = [field.name for cls in (SelectionPolicy, ProgramPolicy) for field in dataclasses.fields(cls)]
    assert sorted(POLICY_FIELDS) == sorted(names)
    for name, described in POLICY_FIELDS.items():
        defaults = SelectionPolicy() if described.policy == "selection" else ProgramPolicy()
        assert described.default == getattr(defaults, name)
        assert described.answers.startswith(("R-", "OP-"))
        assert described.en and described.ko
    assert {POLICY_FIELDS[name].answers for name in ("pass_mark_on", "aggregation")} == {"OP-1"}
    assert POLICY_FIELDS["reopen_when_short"].answers == "OP-3"
    assert POLICY_FIELDS["screening_advance"].answers == "OP-4"
    assert POLICY_FIELDS["screening_ratio"].answers == "R-REV-2"
