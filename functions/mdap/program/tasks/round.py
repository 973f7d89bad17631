"""Steps of the selection_round workflow (step_functions/selection_round.asl.json)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mdap.domain.program.application import ApplicationStatus
from mdap.observability import business_event as metric
from mdap.program.applications import emails
from mdap.program.services import Program
from mdap.program.tasks.actions import Action

S = ApplicationStatus


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


