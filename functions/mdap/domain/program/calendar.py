"""The program's calendar in Korean Standard Time (OP-5): one place for every term, window and deadline.

Conventions (the call gives durations, not instants):
- KST is UTC+9 all year (Korea keeps no daylight saving time), so a fixed offset is exact.
- Month arithmetic: the same day number N months later; a day that does not exist in the target month becomes
  that month's last day (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
- A term of N months starts on the signing day and ends the day before the date N months later
  (signed 2023-01-10, 9 months: 2023-01-10 … 2023-10-09).
- "Within N days of D" ends at the end of day D + N (KST); the exclusive instant is D + N + 1 days, 00:00 KST.
  A due *date* means: anything before the next day's 00:00 KST is in time.
- "1 month before the end" (plan-change cutoff R-AGR-3, final report R-FIN-2) is the term end minus one month
  by the same month arithmetic.
- Insurance end (R-PAY-3) and the latest extended end (R-PRG-2) are the term end plus 3 months.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta, timezone

from mdap.domain.program.errors import PolicyInvalid, RuleViolation
from mdap.domain.program.policy import ProgramPolicy

KST = timezone(timedelta(hours=9), "KST")


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months (negative goes back), clamped to the target month's last day."""
    index = d.year * 12 + d.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - timedelta(days=1)).day


def term(signed: date, months: int = 9) -> tuple[date, date]:
    """First and last day of a term of `months` months signed on `signed`."""
    if months < 1:
        raise PolicyInvalid(f"a term must last at least 1 month, not {months}",
                            message_ko="협약기간은 1개월 이상이어야 합니다.", field="term_months")
    return signed, add_months(signed, months) - timedelta(days=1)


def end_of_day(d: date) -> datetime:
    """The exclusive end of day `d` in KST: the next day, 00:00 KST."""
    return datetime.combine(d + timedelta(days=1), time(0), tzinfo=KST)


def within_days(d: date, days: int) -> datetime:
    """The exclusive deadline of "within `days` days of `d`"."""
    return end_of_day(d + timedelta(days=days))


def kst_date(instant: datetime) -> date:
    """The KST calendar day of an aware instant; a naive one is refused, its zone being unknown."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise RuleViolation(f"instant {instant.isoformat()} has no time zone",
                            message_ko="시각에 시간대 정보가 없습니다.", field="instant", rule="OP-5")
    return instant.astimezone(KST).date()


def is_in_time(instant: datetime, due: date) -> bool:
    """True when `instant` falls on or before the due day (KST)."""
    kst_date(instant)  # refuses naive instants
    return instant < end_of_day(due)


def extended_end(term_end: date, months: int, *, max_months: int = 3) -> date:
    """The term end after extending by `months` in total (R-PRG-2: at most 3 months, with approval)."""
    if not 0 <= months <= max_months:
        raise RuleViolation(f"the term can be extended by 0 to {max_months} months in total, not {months}",
                            message_ko=f"협약기간은 합계 최대 {max_months}개월까지만 연장할 수 있습니다.",
                            field="months", rule="R-PRG-2")
    return add_months(term_end, months)


@dataclass(frozen=True)
class ProjectCalendar:
    """The dates of one agreement; every due date is in time until its end of day (KST)."""

    term_start: date
    term_end: date
    payment_request_due: date
    plan_change_cutoff: date
    final_report_due: date
    extension_latest_end: date
    insurance_end: date
    final_evaluation_due: date | None = None

    def as_json(self) -> dict[str, str]:
        days: dict[str, date | None] = {field.name: getattr(self, field.name) for field in fields(self)}
        return {name: day.isoformat() for name, day in days.items() if day is not None}

    @classmethod
    def from_json(cls, data: Mapping[str, str | None]) -> ProjectCalendar:
        """The calendar `as_json` wrote (ISO dates; `final_evaluation_due` absent or null until known)."""
        try:
            known = {field.name: date.fromisoformat(str(data[field.name])) for field in fields(cls)
                     if field.name != "final_evaluation_due"}
            due = data.get("final_evaluation_due")
            return cls(**known, final_evaluation_due=date.fromisoformat(due) if due else None)
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleViolation(f"not a project calendar: {exc}", message_ko="협약 일정 정보가 올바르지 않습니다.",
                                field="calendar") from None


def project_calendar(signed: date, term_months: int = 9, report_submitted: date | None = None, *,
                     policy: ProgramPolicy | None = None) -> ProjectCalendar:
    """The calendar of an agreement signed on `signed` (R-PRG-2, R-PAY-1, R-PAY-3, R-AGR-3, R-FIN-2/3).

    `policy` supplies the windows (14-day payment window, 14-day final evaluation, 1-month cutoff, 3 months of
    insurance and extension); `term_months` is this agreement's term.
    """
    rules = policy or ProgramPolicy()
    start, end = term(signed, term_months)
    cutoff = add_months(end, -rules.plan_change_cutoff_months)
    return ProjectCalendar(
        term_start=start,
        term_end=end,
        payment_request_due=signed + timedelta(days=rules.payment_window_days),
        plan_change_cutoff=cutoff,
        final_report_due=cutoff,
        extension_latest_end=add_months(end, rules.max_extension_months),
        insurance_end=add_months(end, rules.insurance_extra_months),
        final_evaluation_due=(report_submitted + timedelta(days=rules.final_evaluation_days)
                              if report_submitted is not None else None),
    )
