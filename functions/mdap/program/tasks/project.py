"""Steps of the project, project_term, project_closing, plan_change, obligation and clawback workflows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from mdap.api.deps import container
from mdap.domain.program.application import ApplicationStatus
from mdap.domain.program.calendar import end_of_day
from mdap.domain.program.clawback import ClawbackStatus
from mdap.domain.program.project import ProjectStatus
from mdap.observability import business_event as metric
from mdap.program.projects import obligation_years_left
from mdap.program.services import Program
from mdap.program.tasks.actions import Action

S = ApplicationStatus


def _start(p: Program, e: Mapping[str, Any]) -> Any:
    app = p.applications.record(e["application_id"])
    return {"project_id": p.projects.start(app, promoted=bool(app.get("promoted")))["id"]}


def _cost_audit(p: Program, e: Mapping[str, Any]) -> Any:
    p.projects.record_cost_audit(e["project_id"], int(e["audited_budget"]), e["by"])


def _agreement(p: Program, e: Mapping[str, Any]) -> Any:
    _, seconds = p.projects.record_agreement(e["project_id"], date.fromisoformat(e["signed_on"]), e["by"])
    return {"payment_timeout": seconds}


def _payment(p: Program, e: Mapping[str, Any]) -> Any:
    p.projects.record_payment(e["project_id"], e["by"], date.fromisoformat(e["paid_on"]))
    metric("GrantsPaid")


def _missed_payment(p: Program, e: Mapping[str, Any]) -> Any:
    """R-PAY-2: no payment request in the window: the agreement is cancelled, the first reserve selected."""
    project = p.projects.cancel(e["project_id"], "payment request window missed (R-PAY-2)")
    p.applications.move(project["application"], S.cancelled)
    return {"promoted": p.selection.promote_first_reserve(project["call"])}


def _final_report(p: Program, e: Mapping[str, Any]) -> Any:
    p.projects.record_final_report(e["project_id"], e["by"], str(e.get("document") or ""))


def _verdict(p: Program, e: Mapping[str, Any]) -> Any:
    p.projects.record_verdict(e["project_id"], e["verdict"], e["by"], str(e.get("reason") or ""))
    metric("FinalEvaluations", verdict=e["verdict"])


def _resubmission(p: Program, e: Mapping[str, Any]) -> Any:
    p.projects.record_resubmission(e["project_id"], e["by"], str(e.get("document") or ""))


def _report_meeting(p: Program, e: Mapping[str, Any]) -> Any:
    project = p.projects.record_report_meeting(e["project_id"], e["by"], date.fromisoformat(e["held_on"]))
    return {"obligation_until": project["obligation_until"]}


def _obligation_check(p: Program, e: Mapping[str, Any]) -> Any:
    """One link of the obligation chain: done, or wait (at most 360 days) and look again."""
    project = p.projects.record(e["project_id"])
    now = container().clock.now()
    until = end_of_day(date.fromisoformat(project["obligation_until"]))
    if project["status"] != ProjectStatus.obligation.value or now >= until:
        return {"done": True}
    wait_until = min(until, now + timedelta(days=360))
    return {"done": False, "wait_until": wait_until.isoformat(), "next_year": int(e["year"]) + 1,
            "years_left": obligation_years_left(project, now.date())}


def _obligation_fulfilled(p: Program, e: Mapping[str, Any]) -> Any:
    project = p.projects.record(e["project_id"])
    if project["status"] == ProjectStatus.obligation.value:
        p.projects.set_status(e["project_id"], ProjectStatus.completed, "workflow", "project.obligation_fulfilled")


def _open_clawback(p: Program, e: Mapping[str, Any]) -> Any:
    return {"case_id": p.clawbacks.open(e["project_id"], e["trigger"], "workflow")["id"]}


def _plan_change(p: Program, e: Mapping[str, Any]) -> Any:
    p.projects.decide_plan_change(e["project_id"], e["change_id"], bool(e["approved"]), e["by"],
                                  str(e.get("reason") or ""))


PROJECT: dict[str, Action] = {"start": _start, "cost_audit": _cost_audit, "agreement": _agreement,
                              "payment": _payment, "missed_payment": _missed_payment, "final_report": _final_report,
                              "verdict": _verdict, "resubmission": _resubmission, "report_meeting": _report_meeting,
                              "obligation_check": _obligation_check, "obligation_fulfilled": _obligation_fulfilled,
                              "open_clawback": _open_clawback, "plan_change": _plan_change}

def _moves_case_to(status: ClawbackStatus) -> Action:
    def move(p: Program, e: Mapping[str, Any]) -> None:
        p.clawbacks.move(e["case_id"], status)

    return move


CLAWBACK: dict[str, Action] = {
    "notify": lambda p, e: p.clawbacks.notify(e["case_id"]),
    "repaid": _moves_case_to(ClawbackStatus.repaid),
    "escalate": _moves_case_to(ClawbackStatus.escalated_to_insurance),  # R-CLW-5
    "recovered": _moves_case_to(ClawbackStatus.recovered),
}


