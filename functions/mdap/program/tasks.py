"""Step Functions task handlers of the program workflows (step_functions/*.asl.json, tasks.json).

Thin adapters: read the payload, call one service, return plain JSON. Powertools as its users expect: the
Logger carries the execution id as correlation id, Metrics count business events, the Tracer traces in AWS,
and Idempotency (kept in the Table port, so the same in both profiles) makes a retried task apply once: the
payload carries the execution, the state and the time the state was entered, so a Retry of the same state
entry is the same invocation while a loop's next visit is a new one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function

from mdap.api.deps import container
from mdap.domain.program.application import ApplicationStatus
from mdap.domain.program.calendar import end_of_day
from mdap.domain.program.clawback import ClawbackStatus
from mdap.domain.program.project import ProjectStatus
from mdap.observability import business_event as metric
from mdap.program.applications import emails
from mdap.program.idempotency import TablePersistence
from mdap.program.projects import obligation_years_left
from mdap.program.services import Program, program

# Outside Lambda (the local engine) there is no remaining time to register; Powertools warns about it each time.
warnings.filterwarnings("ignore", message="Couldn't determine the remaining time left", category=UserWarning)
logger = Logger(service="program")
tracer = Tracer(service="program")
_store = TablePersistence(lambda: container().table)
_config = IdempotencyConfig(expires_after_seconds=14 * 24 * 3600)
Action = Callable[[Program, Mapping[str, Any]], Any]
REMINDER_DAYS = 3
S = ApplicationStatus


# -- approvals -------------------------------------------------------------------------------------
@tracer.capture_lambda_handler
def open_approval(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """A .waitForTaskToken state parks here: the token becomes a pending approval; who acts is told."""
    logger.set_correlation_id(event.get("execution"))
    p = program(container())
    deadline = _deadline(p, event["kind"], event["subject"])
    record = p.approvals.open(token=event["token"], execution_arn=event["execution"], state=event["state"],
                              kind=event["kind"], audience=event["audience"], subject=event["subject"],
                              title_ko=event["title_ko"], title_en=event["title_en"], deadline=deadline,
                              timeout_seconds=event.get("timeout_seconds"))
    _announce(p, record)
    logger.info("approval opened", extra={"approval": record["id"], "kind": record["kind"]})
    if record["kind"] == "scoring":
        p.evaluation.check_complete(event["subject"]["call"])  # nothing left to score: go on at once
    return {"approval": record["id"]}


def _deadline(p: Program, kind: str, subject: Mapping[str, str]) -> datetime | None:
    """Business due dates of the approvals that have one (reminders and the inbox's order)."""
    if "project" not in subject:
        return None
    calendar = p.projects.record(subject["project"]).get("calendar") or {}
    due = {"final_report": "final_report_due", "final_evaluation": "final_evaluation_due"}.get(kind)
    if not due or not calendar.get(due):
        return None
    return end_of_day(date.fromisoformat(calendar[due])) - timedelta(microseconds=1)


def _announce(p: Program, record: Mapping[str, Any], kind: str = "approval.waiting") -> None:
    subject = record["subject"]
    if record["audience"] == "staff":
        people = [user.email for user in container().identity.list_users() if "staff" in user.roles]
    elif record["audience"] == "applicant":
        people = _people(p, subject)
    else:
        return
    p.notices.send(kind, people, subject, title=record["title_ko"], deadline=record["deadline"] or "-")


def _people(p: Program, subject: Mapping[str, str]) -> list[str]:
    if "application" in subject:
        return emails(p.applications.record(subject["application"]))
    if "project" in subject:
        return emails(p.projects.record(subject["project"])["application_record"])
    return []


@tracer.capture_lambda_handler
def send_reminders(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Scheduled (tasks.json): remind who acts of approvals due within 3 days, once per approval."""
    p = program(container())
    reminded = []
    for record in p.approvals.due_for_reminder(timedelta(days=REMINDER_DAYS)):
        _announce(p, record, "approval.reminder")
        p.approvals.mark_reminded(record["id"])
        reminded.append(record["id"])
    logger.info("reminders sent", extra={"count": len(reminded)})
    return {"reminded": reminded}


# -- the selection round ----------------------------------------------------------------------------
def _close(p: Program, e: Mapping[str, Any]) -> Any:
    return {"applications": p.selection.close(e["call_id"])}


def _start_review(p: Program, e: Mapping[str, Any]) -> Any:
    p.applications.move(e["application_id"], S.under_review)


def _request_info(p: Program, e: Mapping[str, Any]) -> Any:
    app = p.applications.move(e["application_id"], S.info_requested, reason=e["reason"])
    p.notices.send("application.info_requested", emails(app), {"call": app["call_id"], "application": app["id"]},
                   reason=e["reason"])


def _resume_review(p: Program, e: Mapping[str, Any]) -> Any:
    p.applications.move(e["application_id"], S.under_review)


def _record_review(p: Program, e: Mapping[str, Any]) -> Any:
    outcome = S.eligible if e["outcome"] == "eligible" else S.ineligible
    app = p.applications.move(e["application_id"], outcome, review_reason=e.get("reason", ""),
                              bonus_confirmed=bool(e.get("bonus")))
    p.notices.send(f"application.{outcome.value}", emails(app), {"call": app["call_id"], "application": app["id"]},
                   reason=e.get("reason", ""))
    metric("ApplicationsReviewed", outcome=outcome.value)


def _tally(p: Program, e: Mapping[str, Any]) -> Any:
    return p.selection.tally(e["call_id"])


def _record_screening(p: Program, e: Mapping[str, Any]) -> Any:
    return {"advance": p.selection.record_screening(e["call_id"], list(e["advance"]))}


def _start_scoring(p: Program, e: Mapping[str, Any]) -> Any:
    return {"applications": p.evaluation.start_scoring(e["call_id"])}


def _rank(p: Program, e: Mapping[str, Any]) -> Any:
    ranking = p.evaluation.rank(e["call_id"])
    return {"notes": ranking["notes"]}


def _publish(p: Program, e: Mapping[str, Any]) -> Any:
    published = p.selection.publish(e["call_id"], list(e["confirmation"].get("selected") or []))
    metric("ApplicationsSelected")
    return published


def _reopen(p: Program, e: Mapping[str, Any]) -> Any:
    return {"call": p.selection.reopen(e["call_id"])}


ROUND: dict[str, Action] = {"close": _close, "start_review": _start_review, "request_info": _request_info,
                            "resume_review": _resume_review, "record_review": _record_review, "tally": _tally,
                            "record_screening": _record_screening, "start_scoring": _start_scoring, "rank": _rank,
                            "publish": _publish, "reopen": _reopen}


# -- projects ----------------------------------------------------------------------------------------
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


# -- handlers ----------------------------------------------------------------------------------------
def _handler(actions: dict[str, Action], name: str) -> Callable[[dict[str, Any], Any], Any]:
    @idempotent_function(data_keyword_argument="event", persistence_store=_store,  # type: ignore[untyped-decorator]
                         config=_config)
    def apply(event: dict[str, Any]) -> Any:
        return actions[event["action"]](program(container()), event)

    @tracer.capture_lambda_handler
    def handler(event: dict[str, Any], context: Any) -> Any:
        if hasattr(context, "get_remaining_time_in_millis"):  # a Lambda: an INPROGRESS record expires with it
            _config.register_lambda_context(context)
        logger.set_correlation_id(event.get("execution"))
        logger.info("step", extra={"workflow_step": name, "action": event.get("action"), "state": event.get("state")})
        if event.get("action") not in actions:
            raise ValueError(f"{name}: unknown action {event.get('action')!r}")
        return apply(event=event)

    handler.__name__ = name
    return handler


round_step = _handler(ROUND, "round_step")
project_step = _handler(PROJECT, "project_step")
clawback_step = _handler(CLAWBACK, "clawback_step")
