"""What a decision must say, per kind of approval, before it goes to the workflow.

Staff post one decision shape; this checks the fields the approval's kind needs and adds what the system
computes itself (the review's bonus from the checklist), so a workflow never receives a decision its next
state cannot use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.errors import RuleViolation
from mdap.ports.errors import NotFound
from mdap.program.access import require_staff
from mdap.program.approvals import Approvals
from mdap.program.services import Program

Prepare = Callable[[Program, Mapping[str, Any], Mapping[str, Any]], dict[str, Any]]
APPLICANT_KINDS = ("more_info", "payment_request", "final_report", "supplement")


def _need(body: Mapping[str, Any], *fields: str) -> dict[str, Any]:
    missing = [name for name in fields if body.get(name) is None]
    if missing:
        raise RuleViolation(f"this decision needs {', '.join(missing)}", field=missing[0],
                            message_ko=f"다음 항목을 입력하세요: {', '.join(missing)}")
    return {name: body[name] for name in fields}


def _review(p: Program, approval: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    app = p.applications.record(approval["subject"]["application"])
    chosen = _need(body, "outcome")
    return p.reviews.outcome(app, p.calls.record(app["call_id"]), chosen["outcome"], str(body.get("reason") or ""))


def _panel(p: Program, approval: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    try:
        p.evaluation.panel(approval["subject"]["call"])
    except NotFound:
        raise RuleViolation("assign the panel before confirming it", field="panel", rule="R-SEL-1",
                            message_ko="평가위원을 먼저 배정하세요.") from None
    return {"confirmed": True}


def _payment(p: Program, approval: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    p.projects.check_payable(approval["subject"]["project"])
    return {"paid_on": str(_need(body, "paid_on")["paid_on"])}


def _dated(field: str) -> Prepare:
    return lambda p, a, body: {field: str(_need(body, field)[field])}


PREPARE: dict[str, Prepare] = {
    "requirements_review": _review,
    "document_screening": lambda p, a, body: {"advance": list(_need(body, "advance")["advance"])},
    "panel_assignment": _panel,
    "ranking_confirmation": lambda p, a, body: {"selected": list(body.get("selected") or [])},
    "cost_audit": lambda p, a, body: _need(body, "audited_budget"),
    "agreement": _dated("signed_on"),
    "payment": _payment,
    "final_evaluation": lambda p, a, body: {**_need(body, "verdict"), "reason": str(body.get("reason") or "")},
    "report_meeting": _dated("held_on"),
    "plan_change": lambda p, a, body: {**_need(body, "approved"), "reason": str(body.get("reason") or "")},
    "repayment": lambda p, a, body: _need(body, "repaid"),
    "insurance_recovery": lambda p, a, body: {"recovered": True},
}


def decide_as_staff(p: Program, actor: Principal, approval_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
    require_staff(actor)
    approval = p.approvals.get(approval_id)
    prepare = PREPARE.get(approval["kind"])
    if prepare is None:
        raise NotFound(f"approval {approval_id} is not decided by staff")
    return p.approvals.decide(approval_id, prepare(p, approval, body), actor.email, kinds=(approval["kind"],))


def answer_as_applicant(approvals: Approvals, actor: Principal, subject: Mapping[str, str], kind: str,
                        answer: Mapping[str, Any]) -> dict[str, Any]:
    """The applicant's side of a step (payment request, final report, supplement, more information)."""
    pending = approvals.pending_for(subject, kind)
    if not pending:
        raise RuleViolation(f"nothing is waiting for a {kind.replace('_', ' ')} now", field=kind,
                            message_ko="지금 제출할 수 있는 단계가 아닙니다.")
    return approvals.decide(pending[0]["id"], dict(answer), actor.email, kinds=(kind,))
