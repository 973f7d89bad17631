"""The KST calendar (OP-5): month arithmetic, terms, end-of-day deadlines and an agreement's dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.program.calendar import (
    KST,
    ProjectCalendar,
    add_months,
    end_of_day,
    extended_end,
    is_in_time,
    kst_date,
    project_calendar,
    term,
    within_days,
)
from mdap.domain.program.errors import PolicyInvalid, RuleViolation
from mdap.domain.program.policy import ProgramPolicy


@pytest.mark.parametrize("start,months,expected", [
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2023, 3, 31), 1, date(2023, 4, 30)),
    (date(2022, 12, 20), 1, date(2023, 1, 20)),  # December → January
    (date(2022, 12, 31), 2, date(2023, 2, 28)),
    (date(2023, 1, 15), -1, date(2022, 12, 15)),  # back across the year
    (date(2023, 3, 31), -1, date(2023, 2, 28)),
    (date(2023, 5, 10), 0, date(2023, 5, 10)),
])
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(-600, 600))
def test_add_months_lands_in_the_target_month_never_past_the_day(start: date, months: int) -> None:
    moved = add_months(start, months)
    assert moved.year * 12 + moved.month == start.year * 12 + start.month + months
    assert moved.day <= start.day
    assert moved.day == start.day or (moved + timedelta(days=1)).day == 1


def test_r_prg_2_term_runs_from_signing_to_the_day_before_nine_months_later() -> None:
    assert term(date(2023, 1, 10)) == (date(2023, 1, 10), date(2023, 10, 9))
    assert term(date(2023, 5, 31), 9) == (date(2023, 5, 31), date(2024, 2, 28))  # Feb 29 2024 − 1 day
    assert term(date(2023, 1, 1), 12) == (date(2023, 1, 1), date(2023, 12, 31))


def test_a_term_shorter_than_a_month_is_refused() -> None:
    with pytest.raises(PolicyInvalid) as refused:
        term(date(2023, 1, 1), 0)
    assert refused.value.field == "term_months"


def test_end_of_day_is_the_next_midnight_in_kst() -> None:
    assert end_of_day(date(2023, 1, 24)) == datetime(2023, 1, 25, 0, 0, tzinfo=KST)
    assert end_of_day(date(2023, 1, 24)).astimezone(UTC) == datetime(2023, 1, 24, 15, 0, tzinfo=UTC)
    assert within_days(date(2023, 1, 10), 14) == datetime(2023, 1, 25, tzinfo=KST)


def test_r_pay_1_the_last_second_of_the_due_day_in_kst_is_in_time_and_midnight_is_not() -> None:
    due = project_calendar(date(2023, 1, 10)).payment_request_due
    assert due == date(2023, 1, 24)
    assert is_in_time(datetime(2023, 1, 24, 23, 59, 59, tzinfo=KST), due)
    assert not is_in_time(datetime(2023, 1, 25, 0, 0, 0, tzinfo=KST), due)
    # 14:59:59 UTC is 23:59:59 KST: still the due day
    assert is_in_time(datetime(2023, 1, 24, 14, 59, 59, tzinfo=UTC), due)
    assert not is_in_time(datetime(2023, 1, 24, 15, 0, 0, tzinfo=UTC), due)


def test_kst_date_reads_the_day_in_korea_and_refuses_a_naive_instant() -> None:
    assert kst_date(datetime(2023, 1, 24, 15, 30, tzinfo=UTC)) == date(2023, 1, 25)
    assert kst_date(datetime(2023, 1, 24, 23, 59, tzinfo=KST)) == date(2023, 1, 24)
    with pytest.raises(RuleViolation) as refused:
        kst_date(datetime(2023, 1, 24, 12, 0))
    assert refused.value.rule == "OP-5"


def test_project_calendar_of_an_agreement_signed_on_a_month_end() -> None:
    """R-PRG-2 term, R-PAY-1 window, R-AGR-3 and R-FIN-2 one month before the end, R-PAY-3 insurance + 3 months."""
    dates = project_calendar(date(2023, 1, 31))
    assert dates == ProjectCalendar(
        term_start=date(2023, 1, 31), term_end=date(2023, 10, 30), payment_request_due=date(2023, 2, 14),
        plan_change_cutoff=date(2023, 9, 30), final_report_due=date(2023, 9, 30),
        extension_latest_end=date(2024, 1, 30), insurance_end=date(2024, 1, 30), final_evaluation_due=None)


def test_r_fin_3_final_evaluation_is_due_two_weeks_after_the_report_and_shown_only_then() -> None:
    without = project_calendar(date(2023, 1, 10)).as_json()
    assert "final_evaluation_due" not in without
    with_report = project_calendar(date(2023, 1, 10), report_submitted=date(2023, 9, 8)).as_json()
    assert with_report["final_evaluation_due"] == "2023-09-22"
    assert with_report["term_end"] == "2023-10-09"
    assert with_report["plan_change_cutoff"] == with_report["final_report_due"] == "2023-09-09"
    assert with_report["insurance_end"] == with_report["extension_latest_end"] == "2024-01-09"


def test_project_calendar_reads_its_windows_from_the_program_policy() -> None:
    policy = ProgramPolicy(payment_window_days=7, plan_change_cutoff_months=2, insurance_extra_months=4)
    dates = project_calendar(date(2023, 1, 10), 6, policy=policy)
    assert dates.term_end == date(2023, 7, 9)
    assert dates.payment_request_due == date(2023, 1, 17)
    assert dates.plan_change_cutoff == date(2023, 5, 9)
    assert dates.insurance_end == date(2023, 11, 9)
    assert dates.extension_latest_end == date(2023, 10, 9)


def test_r_prg_2_extension_up_to_three_months_in_total() -> None:
    assert extended_end(date(2023, 10, 9), 3) == date(2024, 1, 9)
    assert extended_end(date(2023, 11, 30), 3) == date(2024, 2, 29)
    with pytest.raises(RuleViolation) as refused:
        extended_end(date(2023, 10, 9), 4)
    assert refused.value.rule == "R-PRG-2"
    with pytest.raises(RuleViolation):
        extended_end(date(2023, 10, 9), -1)


def test_a_calendar_reads_back_what_it_wrote_and_refuses_anything_else() -> None:
    for dates in (project_calendar(date(2023, 1, 10)), project_calendar(date(2023, 1, 10), 9, date(2023, 9, 1))):
        assert ProjectCalendar.from_json(dates.as_json()) == dates
    assert ProjectCalendar.from_json({**project_calendar(date(2023, 1, 10)).as_json(),
                                      "final_evaluation_due": None}).final_evaluation_due is None
    with pytest.raises(RuleViolation) as refused:
        ProjectCalendar.from_json({"term_start": "2023-01-10"})
    assert refused.value.field == "calendar"
    with pytest.raises(RuleViolation):
        ProjectCalendar.from_json({**project_calendar(date(2023, 1, 10)).as_json(), "term_end": "soon"})
