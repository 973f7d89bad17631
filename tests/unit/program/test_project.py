"""A project's life cycle and its deadlines (R-AGR-3, R-PRG-2, R-FIN-3/4, R-OBL-3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mdap.domain.program.calendar import KST, project_calendar
from mdap.domain.program.errors import DeadlinePassed, IllegalTransition, RuleViolation
from mdap.domain.program.policy import ProgramPolicy
from mdap.domain.program.project import (
    LABELS_KO,
    TRANSITIONS,
    ProjectStatus,
    advance,
    after_verdict,
    check_extension,
    check_plan_change,
    obligation_end,
)

P = ProjectStatus
DATES = project_calendar(date(2023, 1, 10))  # cutoff 2023-09-09


def test_a_successful_project_runs_from_cost_audit_to_completion() -> None:
    path = [P.cost_audit, P.agreement, P.payment_window, P.in_progress, P.final_report, P.final_evaluation,
            P.report_meeting, P.obligation, P.completed]
    status = path[0]
    for target in path[1:]:
        status = advance(status, target)
    assert status == P.completed


def test_r_pay_2_a_missed_payment_window_cancels_the_agreement_before_any_money_is_paid() -> None:
    assert advance(P.payment_window, P.cancelled) == P.cancelled
    with pytest.raises(IllegalTransition):
        advance(P.in_progress, P.cancelled)  # once paid, only a clawback ends it


def test_r_fin_3_r_fin_4_the_final_verdict_decides_what_follows() -> None:
    assert after_verdict("success") == P.report_meeting
    assert after_verdict("supplement") == P.supplement
    assert after_verdict("fail") == P.failed
    assert advance(P.supplement, P.final_evaluation) == P.final_evaluation
    with pytest.raises(RuleViolation) as refused:
        after_verdict("maybe")  # type: ignore[arg-type]
    assert refused.value.field == "verdict"


def test_r_clw_3_a_failed_project_goes_to_clawback_and_clawback_is_final() -> None:
    assert advance(P.failed, P.clawback) == P.clawback
    assert TRANSITIONS[P.clawback] == frozenset()
    with pytest.raises(IllegalTransition):
        advance(P.failed, P.report_meeting)


def test_r_clw_1_r_clw_2_r_clw_4_a_paid_project_that_stops_goes_to_clawback() -> None:
    assert advance(P.in_progress, P.clawback) == P.clawback


def test_r_obl_3_a_maintenance_breach_leads_to_clawback() -> None:
    assert advance(P.obligation, P.clawback) == P.clawback


def test_r_agr_3_plan_changes_until_the_end_of_the_cutoff_day_in_kst() -> None:
    check_plan_change(DATES, datetime(2023, 9, 9, 23, 59, 59, tzinfo=KST))
    check_plan_change(DATES, datetime(2023, 9, 9, 14, 59, 59, tzinfo=UTC))
    with pytest.raises(DeadlinePassed) as refused:
        check_plan_change(DATES, datetime(2023, 9, 10, 0, 0, tzinfo=KST))
    assert (refused.value.rule, refused.value.field, refused.value.code) == ("R-AGR-3", "requested_at",
                                                                             "deadline_passed")
    assert "2023-09-09" in refused.value.message_ko
    with pytest.raises(DeadlinePassed):
        check_plan_change(DATES, datetime(2023, 9, 9, 15, 0, tzinfo=UTC))


def test_a_plan_change_time_without_a_zone_is_refused() -> None:
    with pytest.raises(RuleViolation):
        check_plan_change(DATES, datetime(2023, 5, 1, 12, 0))


@pytest.mark.parametrize("already,more", [(0, 3), (1, 2), (2, 1), (0, 1)])
def test_r_prg_2_extensions_up_to_three_months_in_total_are_allowed(already: int, more: int) -> None:
    check_extension(already, more, ProgramPolicy())


@pytest.mark.parametrize("already,more", [(0, 4), (2, 2), (3, 1), (1, 0), (-1, 2)])
def test_r_prg_2_extensions_beyond_three_months_or_empty_are_refused(already: int, more: int) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_extension(already, more, ProgramPolicy())
    assert refused.value.rule == "R-PRG-2"


def test_r_prg_2_the_extension_limit_comes_from_the_policy() -> None:
    check_extension(0, 5, ProgramPolicy(max_extension_months=6))


def test_r_obl_3_maintenance_lasts_five_years_from_the_success_verdict() -> None:
    assert obligation_end(date(2023, 10, 15)) == date(2028, 10, 14)
    assert obligation_end(date(2024, 2, 29)) == date(2029, 2, 27)
    assert obligation_end(date(2023, 10, 15), years=1) == date(2024, 10, 14)


def test_every_project_status_has_the_calls_korean_label() -> None:
    assert set(LABELS_KO) == set(P) == set(TRANSITIONS)
    assert (LABELS_KO[P.cost_audit], LABELS_KO[P.agreement], LABELS_KO[P.report_meeting]) == (
        "원가감리", "협약체결", "최종보고회")
