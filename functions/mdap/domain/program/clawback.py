"""Clawback (지원금 환수): the full grant is refunded; unpaid refunds are recovered from the guarantee insurance."""

from __future__ import annotations

from enum import StrEnum

from mdap.domain.program import transitions
from mdap.domain.program.errors import RuleViolation


class ClawbackTrigger(StrEnum):
    bankruptcy_or_closure = "bankruptcy_or_closure"
    abandoned = "abandoned"
    failed_final_evaluation = "failed_final_evaluation"
    relocated_outside_incheon = "relocated_outside_incheon"
    obligation_breach = "obligation_breach"


RULES: dict[ClawbackTrigger, str] = {
    ClawbackTrigger.bankruptcy_or_closure: "R-CLW-1",
    ClawbackTrigger.abandoned: "R-CLW-2",
    ClawbackTrigger.failed_final_evaluation: "R-CLW-3",
    ClawbackTrigger.relocated_outside_incheon: "R-CLW-4",
    ClawbackTrigger.obligation_breach: "R-OBL-3",
}

TRIGGER_LABELS_KO: dict[ClawbackTrigger, str] = {
    ClawbackTrigger.bankruptcy_or_closure: "도입기업 또는 공급기업의 부도·폐업 등으로 사업 중단",
    ClawbackTrigger.abandoned: "협약 이후 귀책 사유로 과제 포기 또는 중단",
    ClawbackTrigger.failed_final_evaluation: "최종평가 실패",
    ClawbackTrigger.relocated_outside_incheon: "사업종료 전 도입기업의 타 지역 이전",
    ClawbackTrigger.obligation_breach: "결과물 5년 유지·관리 의무 위반",
}


class ClawbackStatus(StrEnum):
    opened = "opened"
    repaid = "repaid"
    escalated_to_insurance = "escalated_to_insurance"
    recovered = "recovered"


LABELS_KO: dict[ClawbackStatus, str] = {
    ClawbackStatus.opened: "환수 통보",
    ClawbackStatus.repaid: "자진 반납 완료",
    ClawbackStatus.escalated_to_insurance: "보증보험 청구",
    ClawbackStatus.recovered: "보증보험 환수 완료",
}

TRANSITIONS: dict[ClawbackStatus, frozenset[ClawbackStatus]] = {
    ClawbackStatus.opened: frozenset({ClawbackStatus.repaid, ClawbackStatus.escalated_to_insurance}),  # R-CLW-5
    ClawbackStatus.escalated_to_insurance: frozenset({ClawbackStatus.recovered}),
    ClawbackStatus.repaid: frozenset(),
    ClawbackStatus.recovered: frozenset(),
}


def advance(current: ClawbackStatus | str, to: ClawbackStatus | str) -> ClawbackStatus:
    return transitions.advance(TRANSITIONS, LABELS_KO, current, to, "a clawback")


def amount_due(city_share: int) -> int:
    """The whole city grant is refunded (R-CLW-1…4, R-OBL-3): no pro rata."""
    if isinstance(city_share, bool) or not isinstance(city_share, int) or city_share < 0:
        raise RuleViolation(f"the city's share must be whole won, zero or more, not {city_share!r}",
                            message_ko="지원금은 0원 이상의 정수(원)여야 합니다.", field="city_share")
    return city_share
