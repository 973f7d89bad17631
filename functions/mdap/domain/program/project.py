"""A selected application's project: cost audit → agreement → payment window → work → final report →
final evaluation → report meeting → 5-year maintenance obligation (R-AGR, R-PAY, R-FIN, R-OBL, R-CLW)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from mdap.domain.program import transitions
from mdap.domain.program.calendar import ProjectCalendar, add_months, end_of_day, kst_date
from mdap.domain.program.errors import DeadlinePassed, RuleViolation
from mdap.domain.program.policy import ProgramPolicy


class ProjectStatus(StrEnum):
    cost_audit = "cost_audit"
    agreement = "agreement"
    payment_window = "payment_window"
    in_progress = "in_progress"
    final_report = "final_report"
    final_evaluation = "final_evaluation"
    supplement = "supplement"
    report_meeting = "report_meeting"
    obligation = "obligation"
    completed = "completed"
    cancelled = "cancelled"
    failed = "failed"
    clawback = "clawback"


_P = ProjectStatus

LABELS_KO: dict[ProjectStatus, str] = {
    _P.cost_audit: "원가감리", _P.agreement: "협약체결", _P.payment_window: "지원금 지급신청",
    _P.in_progress: "사업진행", _P.final_report: "최종(결과)보고서 제출", _P.final_evaluation: "최종평가",
    _P.supplement: "최종평가: 보완", _P.report_meeting: "최종보고회", _P.obligation: "유지·관리 의무 (5년)",
    _P.completed: "과제 종료", _P.cancelled: "협약 해지", _P.failed: "최종평가: 실패",
    _P.clawback: "지원금 환수 (전액 환수)",
}

TRANSITIONS: dict[ProjectStatus, frozenset[ProjectStatus]] = {status: frozenset(targets) for status, targets in {
    _P.cost_audit: (_P.agreement, _P.cancelled),
    _P.agreement: (_P.payment_window, _P.cancelled),
    _P.payment_window: (_P.in_progress, _P.cancelled),  # R-PAY-2: no request in time, nothing paid yet
    _P.in_progress: (_P.final_report, _P.clawback),  # R-CLW-1/2/4 once the grant is paid
    _P.final_report: (_P.final_evaluation, _P.clawback),
    _P.final_evaluation: (_P.report_meeting, _P.supplement, _P.failed),  # R-FIN-3
    _P.supplement: (_P.final_evaluation, _P.clawback),
    _P.report_meeting: (_P.obligation,),  # R-FIN-4
    _P.obligation: (_P.completed, _P.clawback),  # R-OBL-3
    _P.failed: (_P.clawback,),  # R-CLW-3
    _P.completed: (), _P.cancelled: (), _P.clawback: (),
}.items()}

FinalVerdict = Literal["success", "supplement", "fail"]
_AFTER_VERDICT: dict[str, ProjectStatus] = {"success": _P.report_meeting, "supplement": _P.supplement,
                                            "fail": _P.failed}


def advance(current: ProjectStatus | str, to: ProjectStatus | str) -> ProjectStatus:
    return transitions.advance(TRANSITIONS, LABELS_KO, current, to, "a project")


def after_verdict(verdict: FinalVerdict) -> ProjectStatus:
    """R-FIN-3/4: success → report meeting, supplement → supplement, fail → failed (then clawback, R-CLW-3)."""
    if verdict not in _AFTER_VERDICT:
        raise RuleViolation(f"final verdict must be success, supplement or fail, not {verdict!r}",
                            message_ko="최종평가 판정은 성공, 보완, 실패 중 하나여야 합니다.", field="verdict",
                            rule="R-FIN-3")
    return _AFTER_VERDICT[verdict]


def check_plan_change(calendar: ProjectCalendar, requested_at: datetime) -> None:
    """R-AGR-3: plan changes are requested until the end (KST) of the day one month before the term ends."""
    kst_date(requested_at)  # refuses a naive instant
    if requested_at >= end_of_day(calendar.plan_change_cutoff):
        raise DeadlinePassed(f"plan changes closed at the end of {calendar.plan_change_cutoff} (KST)",
                             message_ko=f"사업계획 변경 신청은 {calendar.plan_change_cutoff}까지"
                                        "(협약기간 종료 1개월 전) 가능합니다.", field="requested_at", rule="R-AGR-3")


def check_extension(already_months: int, more_months: int, policy: ProgramPolicy) -> None:
    """R-PRG-2: extensions of at least 1 month each, at most `max_extension_months` (3) in total."""
    limit = policy.max_extension_months
    if already_months < 0 or more_months < 1 or already_months + more_months > limit:
        raise RuleViolation(f"the term can be extended by at most {limit} months in total; {already_months} "
                            f"granted, {more_months} more requested",
                            message_ko=f"협약기간 연장은 합계 최대 {limit}개월입니다(기연장 {already_months}개월, "
                                       f"신청 {more_months}개월).", field="months", rule="R-PRG-2")


def obligation_end(success_date: date, years: int = 5) -> date:
    """R-OBL-3: the last day of the maintenance obligation, `years` years from the success verdict."""
    return add_months(success_date, 12 * years) - timedelta(days=1)
