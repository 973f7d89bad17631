"""Clawback cases (지원금 환수, R-CLW): the full city share is claimed back; not repaid, it is recovered through
the performance guarantee insurance (R-CLW-5). Opened by the process (a failed final evaluation, R-CLW-3) or by
staff (bankruptcy or closure R-CLW-1, abandonment R-CLW-2, relocation R-CLW-4, a breached obligation R-OBL-3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.clawback import ClawbackStatus, ClawbackTrigger, advance, amount_due
from mdap.domain.program.project import ProjectStatus
from mdap.ports.clock import Clock
from mdap.ports.workflow import Workflow
from mdap.program.access import require_staff
from mdap.program.applications import emails
from mdap.program.audit import AuditLog
from mdap.program.notices import Notices
from mdap.program.projects import Projects
from mdap.program.store import Key, Records

RULES = {"bankruptcy_or_closure": "R-CLW-1", "abandoned": "R-CLW-2", "failed_final_evaluation": "R-CLW-3",
         "relocated_outside_incheon": "R-CLW-4", "obligation_breach": "R-OBL-3"}


def _key(case_id: str) -> Key:
    return Key(f"CLAWBACK#{case_id}", "CASE")


class Clawbacks:
    def __init__(self, records: Records, audit: AuditLog, notices: Notices, clock: Clock, projects: Projects,
                 workflow: Callable[[], Workflow]) -> None:
        self._records = records
        self._audit = audit
        self._notices = notices
        self._clock = clock
        self._projects = projects
        self._workflow = workflow

    def open(self, project_id: str, trigger: str, actor: str, reason: str = "") -> dict[str, Any]:
        cause = ClawbackTrigger(trigger)
        project = self._projects.record(project_id)
        if project["status"] != ProjectStatus.clawback.value:
            project = self._projects.set_status(project_id, ProjectStatus.clawback, actor, "project.clawback_opened",
                                                clawback_trigger=cause.value)
        case_id = f"clw-{project_id.removeprefix('prj-')}"
        existing = self._records.find(_key(case_id))
        if existing is not None:
            return dict(existing.data)
        amount = amount_due(int(project.get("grant", {}).get("city_share", 0)))
        case = {"id": case_id, "project": project_id, "application": project["application"], "call": project["call"],
                "trigger": cause.value, "rule": RULES[cause.value], "reason": reason, "amount": amount,
                "status": ClawbackStatus.opened.value, "opened_at": self._clock.now().isoformat(), "opened_by": actor,
                "people": emails(project["application_record"]), "gsi1pk": "CLAWBACKS", "gsi1sk": case_id}
        self._records.create(_key(case_id), case)
        self._audit.record(actor, "clawback.opened", _refs(case), after=_view(case))
        return case

    def open_by_staff(self, actor: Principal, project_id: str, trigger: str, reason: str) -> dict[str, Any]:
        require_staff(actor)
        case = self.open(project_id, trigger, actor.email, reason)
        self._workflow().start("clawback", {"case_id": case["id"]}, name=case["id"])
        return _view(case)

    def notify(self, case_id: str) -> None:
        case = self.record(case_id)
        self._notices.send("clawback.opened", case["people"], _refs(case), amount=f"{case['amount']:,}",
                           rule=case["rule"])

    def move(self, case_id: str, to: ClawbackStatus, actor: str = "workflow") -> dict[str, Any]:
        def change(case: dict[str, Any]) -> dict[str, Any]:
            if case["status"] == to.value:
                return case
            return {**case, "status": advance(ClawbackStatus(case["status"]), to).value,
                    f"{to.value}_at": self._clock.now().isoformat()}

        before, after = self._records.update(_key(case_id), change, "clawback case")
        if before["status"] != after["status"]:
            self._audit.record(actor, f"clawback.{to.value}", _refs(after), before=_view(before), after=_view(after))
        if to == ClawbackStatus.escalated_to_insurance:
            self._notices.send("clawback.escalated", after["people"], _refs(after))
        return after

    def record(self, case_id: str) -> dict[str, Any]:
        return self._records.get(_key(case_id), "clawback case")

    def list(self, actor: Principal) -> list[dict[str, Any]]:
        require_staff(actor)
        return [_view(case) for case in self._records.all("CLAWBACKS", index=True)]


def _refs(case: dict[str, Any]) -> dict[str, str]:
    return {"call": case["call"], "application": case["application"], "project": case["project"]}


def _view(case: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in case.items() if key not in ("gsi1pk", "gsi1sk", "people")}
