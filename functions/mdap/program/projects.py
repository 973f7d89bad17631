"""Projects (협약과제): one per selected adopter, from the cost audit to the 5-year maintenance obligation.

The ``project`` workflows drive the steps; this service keeps the record and applies the rules: the grant
split (R-PRG-1, R-AGR-1), the calendar (payment window R-PAY-1/2, plan-change cutoff R-AGR-3, final report
R-FIN-2, final evaluation R-FIN-3, insurance R-PAY-3), extensions (R-PRG-2), verdicts (R-FIN-3/4) and the
obligation (R-OBL-3).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.calendar import ProjectCalendar, add_months, kst_date, project_calendar, within_days
from mdap.domain.program.errors import IllegalTransition, RuleViolation
from mdap.domain.program.grant import grant_split
from mdap.domain.program.policy import ProgramPolicy
from mdap.domain.program.project import (
    LABELS_KO,
    ProjectStatus,
    advance,
    check_extension,
    check_plan_change,
    obligation_end,
)
from mdap.ports.clock import Clock
from mdap.ports.errors import NotFound
from mdap.ports.workflow import Workflow
from mdap.program.access import Access, is_staff
from mdap.program.applications import emails
from mdap.program.audit import AuditLog
from mdap.program.notices import Notices
from mdap.program.store import Records, project_key

Change = Callable[[dict[str, Any]], dict[str, Any]]


AGENCY = {"role": "agency", "name": "인천테크노파크", "brn": ""}
PAYMENT_DOCUMENTS = ("payment_request", "bank_account", "guarantee_insurance")  # R-PAY-1, R-PAY-3


def project_id_for(application_id: str) -> str:
    return "prj-" + application_id.removeprefix("app-")


class Projects:
    def __init__(self, records: Records, access: Access, audit: AuditLog, notices: Notices, clock: Clock,
                 workflow: Callable[[], Workflow]) -> None:
        self._records = records
        self._access = access
        self._audit = audit
        self._notices = notices
        self._clock = clock
        self._workflow = workflow

    # -- reading ----------------------------------------------------------------------------------
    def record(self, project_id: str) -> dict[str, Any]:
        return self._records.get(project_key(project_id), "project")

    def get(self, principal: Principal, project_id: str) -> dict[str, Any]:
        project = self.record(project_id)
        if not is_staff(principal) and not self._access.member_roles(principal, project["application_record"]):
            raise NotFound(f"no project {project_id}")
        return _view(project)

    def list_for(self, principal: Principal) -> list[dict[str, Any]]:
        projects = self._records.all("PROJECTS", index=True)
        return [_view(p) for p in projects
                if is_staff(principal) or self._access.member_roles(principal, p["application_record"])]

    # -- steps --------------------------------------------------------------------------------------
    def start(self, application: Mapping[str, Any], promoted: bool = False) -> dict[str, Any]:
        """Create the project of a selected application (idempotent: one project per application)."""
        project_id = project_id_for(str(application["id"]))
        existing = self._records.find(project_key(project_id))
        if existing is not None:
            return dict(existing.data)
        now = self._clock.now().isoformat()
        adopter = next(m for m in application["members"] if m["role"] == "adopter")
        record = {"id": project_id, "application": application["id"], "call": application["call_id"],
                  "adopter": {"name": adopter["name"], "brn": adopter["brn"]}, "title": application.get("title"),
                  "application_record": {"id": application["id"], "members": application["members"]},
                  "status": ProjectStatus.cost_audit.value, "promoted_from_reserve": promoted, "created_at": now,
                  "extension_months": 0, "plan_changes": [], "interim_checks": [], "verdicts": [],
                  "gsi1pk": "PROJECTS", "gsi1sk": f"{now}#{project_id}"}
        self._records.create(project_key(project_id), record)
        self._audit.record("workflow", "project.created", _refs(record), after=_view(record))
        return record

    def record_cost_audit(self, project_id: str, audited_budget_krw: int, actor: str) -> dict[str, Any]:
        split = grant_split(audited_budget_krw)
        return self._step(project_id, actor, "project.cost_audited", lambda p: {
            **p, "status": advance(_status(p), ProjectStatus.agreement).value,
            "grant": {"audited_budget": split.audited_budget, "city_share": split.city_share,
                      "adopter_share": split.adopter_share, "vat": split.vat, "adopter_total": split.adopter_total}})

    def record_agreement(self, project_id: str, signed_on: date, actor: str) -> tuple[dict[str, Any], int]:
        """The agreement is signed (R-AGR-2: the agency, the adopter and the supplier companies): the term and
        every due date follow, the deliverables' terms are recorded (R-OBL-1/2); returns the payment window in
        seconds."""
        program = ProgramPolicy()
        calendar = project_calendar(signed_on, program.term_months)

        def change(p: dict[str, Any]) -> dict[str, Any]:
            members = p["application_record"]["members"]
            return {**p, "status": advance(_status(p), ProjectStatus.payment_window).value,
                    "signed_on": signed_on.isoformat(), "calendar": calendar.as_json(),
                    "payment_due": within_days(signed_on, program.payment_window_days).isoformat(),
                    "parties": [AGENCY, *({"role": m["role"], "name": m["name"], "brn": m["brn"]} for m in members)],
                    "deliverables": {"ip_owner": [m["name"] for m in members if m["role"] != "adopter"],
                                     "adopter_right": "perpetual use (R-OBL-1)",
                                     "licences_until": (add_months(signed_on, 12) - timedelta(days=1)).isoformat()}}

        project = self._step(project_id, actor, "project.agreement_signed", change)
        remaining = (datetime.fromisoformat(project["payment_due"]) - self._clock.now()).total_seconds()
        self._notices.send("project.payment_window", self._people(project), _refs(project),
                           due=calendar.payment_request_due.isoformat())
        return project, max(1, int(remaining))

    def request_payment(self, principal: Principal, project_id: str, documents: list[str],
                        present: Callable[[Mapping[str, Any]], Mapping[str, list[str]]]) -> dict[str, Any]:
        """R-PAY-1: the request names the uploaded payment request form, bank account copy and guarantee
        insurance policy; they are kept with the project for the payment check (R-PAY-4)."""
        project = self.record(project_id)
        self._access.require_member(principal, project["application_record"], "adopter")
        if _status(project) != ProjectStatus.payment_window:
            raise IllegalTransition("the grant is requested in the payment window",
                                    message_ko="지급신청 기간이 아닙니다.")
        uploaded = {kind for kinds in present(project["application_record"]).values() for kind in kinds}
        missing = [kind for kind in PAYMENT_DOCUMENTS if kind not in uploaded]
        if missing:
            raise RuleViolation(f"the payment request needs {', '.join(missing)}", field="documents",
                                rule="R-PAY-1", message_ko=f"지급신청 서류가 없습니다: {', '.join(missing)}")
        request = {"documents": documents, "at": self._clock.now().isoformat(), "by": principal.email}
        return self._step(project_id, principal.email, "project.payment_requested",
                          lambda p: {**p, "payment_request": request})

    def check_payable(self, project_id: str) -> None:
        """R-PAY-4: the agency pays after checking the request's documents."""
        if not self.record(project_id).get("payment_request"):
            raise RuleViolation("there is no payment request to pay", field="payment_request", rule="R-PAY-4",
                                message_ko="지급신청 서류가 접수되지 않았습니다.")

    def cancel(self, project_id: str, reason: str) -> dict[str, Any]:
        project = self._step(project_id, "workflow", "project.cancelled", lambda p: {
            **p, "status": advance(_status(p), ProjectStatus.cancelled).value, "cancel_reason": reason})
        self._notices.send("project.cancelled", self._people(project), _refs(project),
                           due=project.get("calendar", {}).get("payment_request_due", "-"))
        return project

    def record_payment(self, project_id: str, actor: str, paid_on: date) -> dict[str, Any]:
        project = self._step(project_id, actor, "project.paid", lambda p: {
            **p, "status": advance(_status(p), ProjectStatus.in_progress).value, "paid_on": paid_on.isoformat()})
        self._notices.send("project.paid", self._people(project), _refs(project))
        return project

    def request_plan_change(self, principal: Principal, project_id: str, summary: str, extension_months: int
                            ) -> dict[str, Any]:
        """An adopter asks to change the plan (or extend the term); refused after the cutoff (R-AGR-3)."""
        project = self.record(project_id)
        self._access.require_member(principal, project["application_record"], "adopter")
        if _status(project) != ProjectStatus.in_progress:
            raise IllegalTransition("plan changes are asked for during the term",
                                    message_ko="수행 중인 과제만 변경을 신청할 수 있습니다.")
        check_plan_change(_calendar(project), self._clock.now())
        if extension_months:
            check_extension(int(project["extension_months"]), extension_months, ProgramPolicy())
        change_id = f"chg-{len(project['plan_changes']) + 1}"
        entry = {"id": change_id, "summary": summary, "extension_months": extension_months, "status": "requested",
                 "requested_by": principal.email, "at": self._clock.now().isoformat()}
        self._step(project_id, principal.email, "project.plan_change_requested",
                   lambda p: {**p, "plan_changes": [*p["plan_changes"], entry]})
        self._workflow().start("plan_change", {"project_id": project_id, "change_id": change_id},
                               name=f"{project_id}-{change_id}")
        return entry

    def decide_plan_change(self, project_id: str, change_id: str, approved: bool, actor: str, reason: str
                           ) -> dict[str, Any]:
        def change(p: dict[str, Any]) -> dict[str, Any]:
            changes = [{**c, "status": "approved" if approved else "refused", "decided_by": actor, "reason": reason}
                       if c["id"] == change_id else c for c in p["plan_changes"]]
            entry = next(c for c in changes if c["id"] == change_id)
            months = int(entry["extension_months"]) if approved else 0
            if not months:
                return {**p, "plan_changes": changes}
            calendar = project_calendar(date.fromisoformat(p["signed_on"]), ProgramPolicy().term_months
                                        + int(p["extension_months"]) + months)
            return {**p, "plan_changes": changes, "extension_months": int(p["extension_months"]) + months,
                    "calendar": {**calendar.as_json(), "insurance_end": p["calendar"]["insurance_end"]}}

        project = self._step(project_id, actor, "project.plan_change_decided", change)
        self._notices.send("project.plan_change", self._people(project), _refs(project),
                           outcome="승인" if approved else f"반려 ({reason})")
        return project

    def record_interim_check(self, actor: Principal, project_id: str, findings: str) -> dict[str, Any]:
        check = {"at": self._clock.now().isoformat(), "by": actor.email, "findings": findings}
        return _view(self._step(project_id, actor.email, "project.interim_check",
                                lambda p: {**p, "interim_checks": [*p["interim_checks"], check]}))

    def record_final_report(self, project_id: str, actor: str, document: str) -> dict[str, Any]:
        today = kst_date(self._clock.now())

        def change(p: dict[str, Any]) -> dict[str, Any]:
            to = ProjectStatus.final_report
            calendar = project_calendar(date.fromisoformat(p["signed_on"]),
                                        ProgramPolicy().term_months + int(p["extension_months"]), today)
            return {**p, "status": advance(_status(p), to).value, "final_report": {"on": today.isoformat(),
                                                                                  "document": document},
                    "calendar": {**p["calendar"], "final_evaluation_due": calendar.as_json()["final_evaluation_due"]}}

        return self._step(project_id, actor, "project.final_report_submitted", change)

    def record_verdict(self, project_id: str, verdict: str, actor: str, reason: str) -> dict[str, Any]:
        """R-FIN-3: success -> report meeting, supplement -> resubmission, fail -> clawback (R-CLW-3)."""
        to = {"success": ProjectStatus.report_meeting, "supplement": ProjectStatus.supplement,
              "fail": ProjectStatus.failed}[verdict]
        entry = {"verdict": verdict, "by": actor, "reason": reason, "at": self._clock.now().isoformat()}
        def change(p: dict[str, Any]) -> dict[str, Any]:
            current = _status(p)
            if current == ProjectStatus.final_report:  # the first evaluation of a report
                current = advance(current, ProjectStatus.final_evaluation)
            return {**p, "status": advance(current, to).value, "verdicts": [*p["verdicts"], entry]}

        project = self._step(project_id, actor, f"project.final_evaluation_{verdict}", change)
        if verdict == "supplement":
            self._notices.send("project.supplement", self._people(project), _refs(project), reason=reason)
        if verdict == "fail":
            self._notices.send("project.failed", self._people(project), _refs(project))
        return project

    def record_resubmission(self, project_id: str, actor: str, document: str) -> dict[str, Any]:
        return self._step(project_id, actor, "project.supplement_resubmitted", lambda p: {
            **p, "status": advance(_status(p), ProjectStatus.final_evaluation).value,
            "final_report": {**p["final_report"], "resubmitted": document}})

    def record_report_meeting(self, project_id: str, actor: str, held_on: date) -> dict[str, Any]:
        """R-FIN-4, then the 5-year maintenance obligation (R-OBL-3) from the success verdict."""
        success = next(v for v in reversed(self.record(project_id)["verdicts"]) if v["verdict"] == "success")
        until = obligation_end(kst_date(datetime.fromisoformat(success["at"])), ProgramPolicy().obligation_years)
        project = self._step(project_id, actor, "project.obligation_started", lambda p: {
            **p, "status": advance(_status(p), ProjectStatus.obligation).value,
            "report_meeting_on": held_on.isoformat(), "obligation_until": until.isoformat()})
        self._notices.send("project.success", self._people(project), _refs(project), until=until.isoformat())
        return project

    def set_status(self, project_id: str, to: ProjectStatus, actor: str, action: str, **fields: Any
                   ) -> dict[str, Any]:
        return self._step(project_id, actor, action, lambda p: {**p, **fields, "status": advance(_status(p), to).value})

    # -- internals ----------------------------------------------------------------------------------
    def _step(self, project_id: str, actor: str, action: str, change: Change) -> dict[str, Any]:
        before, after = self._records.update(project_key(project_id), change, "project")
        self._audit.record(actor, action, _refs(after), before=_view(before), after=_view(after))
        return after

    def _people(self, project: Mapping[str, Any]) -> list[str]:
        return emails(project["application_record"])


def obligation_years_left(project: Mapping[str, Any], today: date) -> int:
    until = date.fromisoformat(project["obligation_until"])
    return max(0, until.year - today.year - (1 if (until.month, until.day) < (today.month, today.day) else 0))


def _status(project: Mapping[str, Any]) -> ProjectStatus:
    return ProjectStatus(project["status"])


def _calendar(project: Mapping[str, Any]) -> ProjectCalendar:
    return ProjectCalendar.from_json(project["calendar"])


def _refs(project: Mapping[str, Any]) -> dict[str, str]:
    return {"call": str(project["call"]), "application": str(project["application"]), "project": str(project["id"])}


def _view(project: Mapping[str, Any]) -> dict[str, Any]:
    hidden = ("gsi1pk", "gsi1sk", "application_record")
    view = {key: value for key, value in project.items() if key not in hidden}
    view["status_label"] = LABELS_KO[ProjectStatus(project["status"])]
    return view

