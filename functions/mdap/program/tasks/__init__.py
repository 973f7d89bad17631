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
from mdap.domain.program.calendar import end_of_day
from mdap.program.applications import emails
from mdap.program.idempotency import TablePersistence
from mdap.program.services import Program, program
from mdap.program.tasks.actions import Action
from mdap.program.tasks.project import CLAWBACK, PROJECT
from mdap.program.tasks.round import ROUND

# Outside Lambda (the local engine) there is no remaining time to register; Powertools warns about it each time.
warnings.filterwarnings("ignore", message="Couldn't determine the remaining time left", category=UserWarning)
logger = Logger(service="program")
tracer = Tracer(service="program")
_store = TablePersistence(lambda: container().table)
_config = IdempotencyConfig(expires_after_seconds=14 * 24 * 3600)
REMINDER_DAYS = 3


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


# -- handlers: one Lambda per workflow family, each dispatching on the payload's action -------------------
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
