"""An application's life cycle: from draft through review, screening and evaluation to its outcome (R-PRG-5)."""

from __future__ import annotations

from enum import StrEnum

from mdap.domain.program import transitions


class ApplicationStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    under_review = "under_review"
    info_requested = "info_requested"
    eligible = "eligible"
    ineligible = "ineligible"
    screening = "screening"
    screened_out = "screened_out"
    evaluation = "evaluation"
    selected = "selected"
    reserve = "reserve"
    not_selected = "not_selected"
    withdrawn = "withdrawn"
    cancelled = "cancelled"


_S = ApplicationStatus

LABELS_KO: dict[ApplicationStatus, str] = {
    _S.draft: "작성 중", _S.submitted: "신청접수", _S.under_review: "요건검토", _S.info_requested: "서류 보완 요청",
    _S.eligible: "요건검토 적격", _S.ineligible: "요건검토 부적격", _S.screening: "서류평가",
    _S.screened_out: "서류평가 탈락", _S.evaluation: "선정평가", _S.selected: "선정", _S.reserve: "후순위",
    _S.not_selected: "미선정", _S.withdrawn: "신청 철회", _S.cancelled: "선정 취소(협약 해지)",
}

APPLICANT_LABELS_KO: dict[ApplicationStatus, str] = {  # the call's own words where it has them
    _S.draft: "작성 중", _S.submitted: "신청접수", _S.under_review: "요건검토", _S.info_requested: "보완요청",
    _S.eligible: "요건검토 통과", _S.ineligible: "요건 미충족", _S.screening: "서류평가",
    _S.screened_out: "서류평가 미통과", _S.evaluation: "선정평가", _S.selected: "선정", _S.reserve: "후순위",
    _S.not_selected: "미선정", _S.withdrawn: "신청 철회", _S.cancelled: "선정 취소",
}

LABELS_EN: dict[ApplicationStatus, str] = {
    _S.draft: "Draft", _S.submitted: "Submitted", _S.under_review: "Requirements review",
    _S.info_requested: "More information requested", _S.eligible: "Eligible", _S.ineligible: "Ineligible",
    _S.screening: "Document screening", _S.screened_out: "Screened out", _S.evaluation: "Selection evaluation",
    _S.selected: "Selected", _S.reserve: "Reserve list", _S.not_selected: "Not selected", _S.withdrawn: "Withdrawn",
    _S.cancelled: "Cancelled",
}

_CAN_WITHDRAW = (_S.draft, _S.submitted, _S.under_review, _S.info_requested, _S.eligible, _S.screening,
                 _S.evaluation, _S.selected, _S.reserve)
_FORWARD: dict[ApplicationStatus, tuple[ApplicationStatus, ...]] = {
    _S.draft: (_S.submitted,),
    _S.submitted: (_S.under_review,),
    _S.under_review: (_S.info_requested, _S.eligible, _S.ineligible),
    _S.info_requested: (_S.under_review, _S.ineligible),
    _S.eligible: (_S.screening, _S.evaluation),  # screening only when R-REV-2 calls for it
    _S.screening: (_S.evaluation, _S.screened_out),
    _S.evaluation: (_S.selected, _S.reserve, _S.not_selected),
    _S.selected: (_S.cancelled,),  # R-PAY-2: no payment request within the window
    _S.reserve: (_S.selected, _S.not_selected),  # R-PAY-2: promotion when a selected one is cancelled
}

TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    status: frozenset(_FORWARD.get(status, ()) + ((_S.withdrawn,) if status in _CAN_WITHDRAW else ()))
    for status in ApplicationStatus
}


def advance(current: ApplicationStatus | str, to: ApplicationStatus | str) -> ApplicationStatus:
    """The new status; IllegalTransition naming both when the life cycle does not allow the move."""
    return transitions.advance(TRANSITIONS, LABELS_KO, current, to, "an application")


def is_final(status: ApplicationStatus) -> bool:
    return transitions.is_terminal(TRANSITIONS, status)
