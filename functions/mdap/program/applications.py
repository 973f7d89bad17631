"""Applications: the adopter's applicant creates a draft, invites the supplier companies' people, each member
completes its own section and documents (R-DOC-3), the adopter consents and submits (before the deadline)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from mdap.domain.identity import Forbidden, Principal
from mdap.domain.program.application import APPLICANT_LABELS_KO, LABELS_KO, ApplicationStatus, advance
from mdap.domain.program.brn import check_brn, normalise_brn
from mdap.domain.program.errors import DeadlinePassed, IllegalTransition, RuleViolation
from mdap.domain.program.participation import Member, check_participation, check_supplier_load
from mdap.observability import business_event
from mdap.ports.clock import Clock
from mdap.ports.table import Put
from mdap.program.access import Access, is_staff, member_key
from mdap.program.audit import AuditLog
from mdap.program.calls import Calls
from mdap.program.notices import Notices
from mdap.program.store import Records, application_key, new_id

EDITABLE = (ApplicationStatus.draft, ApplicationStatus.info_requested)
SUPPLIER_ROLES = {"single": ("supplier",), "consortium": ("solution_company", "consulting_company")}
REQUIRED_CONSENTS = ("personal_info", "company_info", "imate_sharing")


class Applications:
    def __init__(self, records: Records, access: Access, audit: AuditLog, notices: Notices, clock: Clock,
                 calls: Calls, missing_documents: Callable[[Mapping[str, Any]], dict[str, list[str]]]) -> None:
        self._records = records
        self._access = access
        self._audit = audit
        self._notices = notices
        self._clock = clock
        self._calls = calls
        self._missing_documents = missing_documents

    # -- organisations ------------------------------------------------------------------------------
    def join_organisation(self, principal: Principal, brn: str, name: str) -> dict[str, Any]:
        check_brn(brn, "brn")
        org = {"brn": normalise_brn(brn), "name": name.strip(), "sub": principal.sub, "email": principal.email}
        current = self._access.organisation(principal)
        if current and current["brn"] != org["brn"]:
            raise RuleViolation("a user belongs to one organisation", field="brn",
                                message_ko="이미 다른 기업에 소속된 사용자입니다.")
        if current is None:
            self._records.create(member_key(principal.sub), org)
        return self._access.organisation(principal) or org

    # -- draft --------------------------------------------------------------------------------------
    def create(self, principal: Principal, call_id: str, kind: str, adopter_name: str, adopter_brn: str
               ) -> dict[str, Any]:
        call = self._calls.accepting(call_id)
        self._before_deadline(call)
        org = self.join_organisation(principal, adopter_brn, adopter_name)
        app_id = new_id("app")
        record = {"id": app_id, "call_id": call_id, "status": ApplicationStatus.draft.value, "kind": kind,
                  "title": "", "bonus_claim": False, "consents": {}, "created_by": principal.email,
                  "created_at": self._clock.now().isoformat(), "submitted_at": None,
                  "members": [_member("adopter", org["brn"], org["name"], principal.email, joined=True)],
                  "gsi1pk": f"CALL#{call_id}#APPS", "gsi1sk": app_id}
        self._records.table.transact([
            Put(f"APP#{app_id}", "APP", record, expect_version=0),
            Put(f"ORG#{org['brn']}", f"APP#{app_id}", {"application": app_id, "call": call_id}, expect_version=0),
        ])
        self._audit.record(principal.email, "application.created", _refs(record), after=_summary(record))
        return self.view(principal, record)

    def invite(self, principal: Principal, app_id: str, role: str, name: str, brn: str, email: str
               ) -> dict[str, Any]:
        """The adopter adds a supplier company and the person who completes its section."""
        check_brn(brn, "brn")
        brn = normalise_brn(brn)

        def change(app: dict[str, Any]) -> dict[str, Any]:
            self._editable(principal, app, "adopter")
            if role not in SUPPLIER_ROLES[app["kind"]]:
                roles = " and ".join(SUPPLIER_ROLES[app["kind"]])
                raise RuleViolation(f"a {app['kind']} application takes {roles}", field="role", rule="R-PRG-4",
                                    message_ko="참여 형태에 맞지 않는 역할입니다 "
                                               "(단독: 공급기업, 컨소시엄: 솔루션·컨설팅기업).")
            check_supplier_load(brn, self._supplier_applications(app["call_id"], brn, app["id"]) + 1)
            others = [m for m in app["members"] if m["role"] != role]
            return {**app, "members": [*others, _member(role, brn, name, email.strip().lower(), joined=False)]}

        before, after = self._records.update(application_key(app_id), change, "application")
        # the invited person finds the application in its list before it has joined
        self._records.table.put(f"INVITE#{email.strip().lower()}", f"APP#{app_id}",
                                {"application": app_id, "call": after["call_id"]})
        self._audit.record(principal.email, "application.member_invited", _refs(after), before=_summary(before),
                           after=_summary(after))
        return self.view(principal, after)

    def accept_invitation(self, principal: Principal, app_id: str) -> dict[str, Any]:
        def change(app: dict[str, Any]) -> dict[str, Any]:
            members = []
            for member in app["members"]:
                if principal.email in member.get("invited", []) and not member["joined"]:
                    self.join_organisation(principal, member["brn"], member["name"])
                    member = {**member, "joined": True}
                members.append(member)
            if members == app["members"]:
                raise Forbidden("there is no open invitation for you on this application")
            return {**app, "members": members}

        app = self._visible(principal, app_id)
        before, after = self._records.update(application_key(app["id"]), change, "application")
        self._records.table.put(f"ORG#{self._access.organisation(principal)['brn']}",  # type: ignore[index]
                                f"APP#{app_id}", {"application": app_id, "call": after["call_id"]})
        self._audit.record(principal.email, "application.invitation_accepted", _refs(after),
                           before=_summary(before), after=_summary(after))
        return self.view(principal, after)

    def update_section(self, principal: Principal, app_id: str, role: str, section: Mapping[str, Any],
                       qualifications: Sequence[str] | None, completed: bool) -> dict[str, Any]:
        """A member fills in its own part: its facts and plan text; the adopter also the title and bonus."""
        def change(app: dict[str, Any]) -> dict[str, Any]:
            self._editable(principal, app, role)
            members = [{**m, "section": dict(section), "completed": completed,
                        **({"qualifications": sorted(set(qualifications))} if qualifications is not None else {})}
                       if m["role"] == role else m for m in app["members"]]
            extra = {"title": str(section.get("title", app["title"])),
                     "bonus_claim": bool(section.get("bonus_program", app["bonus_claim"]))} if role == "adopter" else {}
            return {**app, "members": members, **extra}

        before, after = self._records.update(application_key(app_id), change, "application")
        self._audit.record(principal.email, "application.section_saved", _refs(after), before=_summary(before),
                           after=_summary(after), note=role)
        return self.view(principal, after)

    def consent(self, principal: Principal, app_id: str, consents: Mapping[str, bool], text_version: str
                ) -> dict[str, Any]:
        """Personal-information consents as asked: required and optional items apart, each recorded as given."""
        def change(app: dict[str, Any]) -> dict[str, Any]:
            self._editable(principal, app, "adopter")
            given = {name: bool(value) for name, value in consents.items()}
            return {**app, "consents": {**given, "text_version": text_version,
                                        "at": self._clock.now().isoformat(), "by": principal.email}}

        before, after = self._records.update(application_key(app_id), change, "application")
        self._audit.record(principal.email, "application.consent", _refs(after), before=before.get("consents"),
                           after=after["consents"])
        return self.view(principal, after)

    # -- submission ----------------------------------------------------------------------------------
    def submit(self, principal: Principal, app_id: str) -> dict[str, Any]:
        def change(app: dict[str, Any]) -> dict[str, Any]:
            self._editable(principal, app, "adopter")
            if app["status"] != ApplicationStatus.draft.value:
                raise IllegalTransition("only a draft is submitted; answer the request for more information instead",
                                        message_ko="작성 중인 신청만 제출할 수 있습니다.")
            self._complete(app)
            status = advance(ApplicationStatus(app["status"]), ApplicationStatus.submitted)
            return {**app, "status": status.value, "submitted_at": self._clock.now().isoformat()}

        before, after = self._records.update(application_key(app_id), change, "application")
        self._audit.record(principal.email, "application.submitted", _refs(after), before=_summary(before),
                           after=_summary(after))
        self._notices.send("application.submitted", emails(after), _refs(after), company=_adopter(after)["name"])
        business_event("ApplicationsSubmitted")
        return self.view(principal, after)

    def _complete(self, app: Mapping[str, Any]) -> None:
        members = [Member(org_id=m["brn"], name=m["name"], brn=m["brn"], role=m["role"],
                          qualifications=frozenset(m.get("qualifications", []))) for m in app["members"]]
        check_participation(app["kind"], members)
        waiting = [m["name"] for m in app["members"] if not (m["joined"] and m.get("completed"))]
        if waiting:
            names = ", ".join(waiting)
            raise RuleViolation(f"members still completing their sections: {names}", field="members",
                                rule="R-DOC-3", message_ko=f"작성이 끝나지 않은 참여기업이 있습니다: {names}")
        absent = [name for name in REQUIRED_CONSENTS if not app.get("consents", {}).get(name)]
        if absent:
            raise RuleViolation(f"required consents not given: {', '.join(absent)}", field="consents",
                                rule="R-DOC-1", message_ko="필수 동의 항목에 동의해야 제출할 수 있습니다.")
        missing = self._missing_documents(app)
        if missing:
            listed = "; ".join(f"{role}: {', '.join(kinds)}" for role, kinds in missing.items())
            raise RuleViolation(f"documents missing: {listed}", field="documents", rule="R-DOC-2",
                                message_ko=f"필수 서류가 없습니다: {listed}")

    def withdraw(self, principal: Principal, app_id: str) -> dict[str, Any]:
        def change(app: dict[str, Any]) -> dict[str, Any]:
            self._access.require_member(principal, app, "adopter")
            return {**app, "status": advance(ApplicationStatus(app["status"]), ApplicationStatus.withdrawn).value}

        before, after = self._records.update(application_key(app_id), change, "application")
        self._audit.record(principal.email, "application.withdrawn", _refs(after), before=_summary(before),
                           after=_summary(after))
        return self.view(principal, after)

    # -- the workflow's side -----------------------------------------------------------------------------
    def move(self, app_id: str, to: ApplicationStatus, actor: str = "workflow", **fields: Any) -> dict[str, Any]:
        """A state change decided by the process (review, screening, ranking, promotion)."""
        def change(app: dict[str, Any]) -> dict[str, Any]:
            if app["status"] == to.value:
                return {**app, **fields}  # a retried task: the same change again is no change
            return {**app, **fields, "status": advance(ApplicationStatus(app["status"]), to).value}

        before, after = self._records.update(application_key(app_id), change, "application")
        if before["status"] != after["status"]:
            self._audit.record(actor, f"application.{to.value}", _refs(after), before=_summary(before),
                               after=_summary(after), note=str(fields.get("reason", "")))
        return after

    # -- reading --------------------------------------------------------------------------------------
    def record(self, app_id: str) -> dict[str, Any]:
        return self._records.get(application_key(app_id), "application")

    def get(self, principal: Principal, app_id: str) -> dict[str, Any]:
        return self.view(principal, self._visible(principal, app_id))

    def of_call(self, call_id: str) -> list[dict[str, Any]]:
        return list(self._records.all(f"CALL#{call_id}#APPS", index=True))

    def list_for(self, principal: Principal, call_id: str | None = None) -> list[dict[str, Any]]:
        if is_staff(principal):
            if call_id is None:
                raise Forbidden("staff list applications per call")
            return [self.view(principal, app) for app in self.of_call(call_id)]
        org = self._access.organisation(principal)
        ids = {p["application"] for p in self._records.all(f"ORG#{org['brn']}")} if org else set()
        ids |= {p["application"] for p in self._records.all(f"INVITE#{principal.email}")}
        apps = [self.record(app_id) for app_id in sorted(ids)]
        return [self.view(principal, app) for app in apps
                if self._access.can_see(principal, app) and (call_id is None or app["call_id"] == call_id)]

    def view(self, principal: Principal, app: Mapping[str, Any]) -> dict[str, Any]:
        status = ApplicationStatus(app["status"])
        view = {key: value for key, value in app.items() if not key.startswith("gsi")}
        view["status_label"] = APPLICANT_LABELS_KO[status]  # the applicant-facing words (신청접수 … 선정/후순위)
        view["status_ko"] = LABELS_KO[status]
        view["my_roles"] = sorted(self._access.member_roles(principal, app))
        return view

    # -- checks -----------------------------------------------------------------------------------------
    def _visible(self, principal: Principal, app_id: str) -> dict[str, Any]:
        app = self.record(app_id)
        self._access.application(principal, app)
        return app

    def _editable(self, principal: Principal, app: Mapping[str, Any], role: str) -> None:
        self._access.require_member(principal, app, role)
        if app["status"] not in {status.value for status in EDITABLE}:
            raise IllegalTransition(f"application {app['id']} is {app['status']}: it can no longer be changed",
                                    message_ko="제출된 신청은 수정할 수 없습니다.")
        if app["status"] == ApplicationStatus.draft.value:
            self._before_deadline(self._calls.record(app["call_id"]))

    def _before_deadline(self, call: Mapping[str, Any]) -> None:
        if self._clock.now() >= datetime.fromisoformat(call["closes_at"]):
            raise DeadlinePassed(f"the call closed at {call['closes_at']}", rule="R-PRG-3",
                                 message_ko="신청 마감이 지나 신청하거나 수정할 수 없습니다.")

    def _supplier_applications(self, call_id: str, brn: str, excluding: str) -> int:
        return sum(1 for app in self.of_call(call_id)
                   if app["id"] != excluding and app["status"] != ApplicationStatus.withdrawn.value
                   and any(m["brn"] == brn and m["role"] != "adopter" for m in app["members"]))


def _member(role: str, brn: str, name: str, email: str, *, joined: bool) -> dict[str, Any]:
    return {"role": role, "brn": brn, "name": name, "invited": [email], "joined": joined, "section": {},
            "qualifications": [], "completed": False}


def _adopter(app: Mapping[str, Any]) -> Mapping[str, Any]:
    return next(m for m in app["members"] if m["role"] == "adopter")


def emails(app: Mapping[str, Any]) -> list[str]:
    """Everyone to tell about an application: the people of every member company."""
    return sorted({email for member in app["members"] for email in member.get("invited", [])})


def _refs(app: Mapping[str, Any]) -> dict[str, str]:
    return {"call": str(app["call_id"]), "application": str(app["id"])}


def _summary(app: Mapping[str, Any]) -> dict[str, Any]:
    return {"status": app["status"], "kind": app["kind"], "title": app.get("title"),
            "members": [{k: m.get(k) for k in ("role", "brn", "name", "joined", "completed")} for m in app["members"]],
            "bonus_claim": app.get("bonus_claim")}
