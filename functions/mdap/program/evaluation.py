"""The selection evaluation (R-SEL): the panel, conflict-of-interest declarations, score sheets, the ranking.

An evaluator sees only applications assigned to it, declares a conflict of interest before anything else
(declaring one recuses it and removes the application from its view), scores each item within its bounds,
saves drafts and submits once (then the sheet is locked). No evaluator sees another's scores. When every
non-recused evaluator has submitted for every application, the round resumes by itself; staff may close
scoring earlier once every application has the quorum (policy). The ranking is the domain's (R-SEL-3/4/5).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.application import ApplicationStatus
from mdap.domain.program.errors import IllegalTransition, RuleViolation
from mdap.domain.program.policy import SelectionPolicy
from mdap.domain.program.rubric import Rubric
from mdap.domain.program.scoring import Entry, ScoreSheet, rank, sheet_totals, validate_sheet
from mdap.ports.clock import Clock
from mdap.ports.errors import NotFound
from mdap.ports.identity import IdentityProvider
from mdap.program.access import assignment_key, require_staff
from mdap.program.applications import Applications
from mdap.program.approvals import Approvals
from mdap.program.audit import AuditLog
from mdap.program.calls import Calls
from mdap.program.store import Key, Records

MAX_PANEL = 5  # R-SEL-1: at most 5 including the chair
SCORING = (ApplicationStatus.evaluation.value,)


def _sheet_key(app_id: str, evaluator: str) -> Key:
    return Key(f"APP#{app_id}", f"SCORE#{evaluator}")


class Evaluation:
    def __init__(self, records: Records, audit: AuditLog, clock: Clock, calls: Calls, applications: Applications,
                 approvals: Approvals, identity: IdentityProvider) -> None:
        self._records = records
        self._audit = audit
        self._clock = clock
        self._calls = calls
        self._applications = applications
        self._approvals = approvals
        self._identity = identity

    # -- panel ---------------------------------------------------------------------------------------
    def assign_panel(self, actor: Principal, call_id: str, evaluators: list[str], chair: str) -> dict[str, Any]:
        """R-SEL-1: up to 5 evaluators (the chair among them) score every application of the round."""
        require_staff(actor)
        users = {user.email: user for user in self._identity.list_users() if "evaluator" in user.roles}
        unknown = [email for email in evaluators if email not in users]
        if unknown or not evaluators or len(evaluators) > MAX_PANEL or chair not in evaluators:
            raise RuleViolation(f"a panel is 1 to {MAX_PANEL} evaluators including the chair; unknown: {unknown}",
                                field="evaluators", rule="R-SEL-1",
                                message_ko="평가위원은 위원장을 포함해 5명 이하의 등록된 평가위원이어야 합니다.")
        members: list[dict[str, Any]] = [{"sub": users[e].sub, "email": e, "name": users[e].name, "chair": e == chair}
                                         for e in evaluators]
        panel = {"call": call_id, "evaluators": members}
        self._records.table.put(f"CALL#{call_id}", "PANEL", panel)
        for app in self._round(call_id):
            for member in members:
                self._records.table.put(*_assign(member["sub"], app["id"]), {
                    "call": call_id, "application": app["id"], "evaluator": member["sub"], "email": member["email"],
                    "status": "assigned", "gsi1pk": f"PANEL#{app['id']}", "gsi1sk": member["sub"]})
        self._audit.record(actor.email, "call.panel_assigned", {"call": call_id}, after=panel)
        return panel

    def panel(self, call_id: str) -> dict[str, Any]:
        return self._records.get(Key(f"CALL#{call_id}", "PANEL"), "panel")

    def overview(self, actor: Principal, call_id: str) -> list[dict[str, Any]]:
        """Staff: per application, each evaluator's declaration and whether its sheet is in (not the points)."""
        require_staff(actor)
        rows = []
        for app in self._round(call_id):
            for assignment in self._records.all(f"PANEL#{app['id']}", index=True):
                sheet = self._records.find(_sheet_key(app["id"], assignment["evaluator"]))
                rows.append({"application": app["id"], "evaluator": assignment["email"],
                             "declaration": assignment["status"],
                             "sheet": sheet.data["status"] if sheet else "none"})
        return rows

    # -- the evaluator's side ---------------------------------------------------------------------------
    def assigned(self, evaluator: Principal) -> list[dict[str, Any]]:
        """What the evaluator may see: assigned, not recused; before the declaration only the companies."""
        out = []
        for assignment in self._records.all(f"ASSIGN#{evaluator.sub}", prefix="APP#"):
            if assignment["status"] == "recused":
                continue
            app = self._applications.record(assignment["application"])
            sheet = self._records.find(_sheet_key(app["id"], evaluator.sub))
            out.append({"application": app["id"], "call": app["call_id"], "declaration": assignment["status"],
                        "title": app.get("title"), "companies": [m["name"] for m in app["members"]],
                        "sheet": sheet.data["status"] if sheet else "none"})
        return out

    def declare(self, evaluator: Principal, app_id: str, conflict: bool, note: str) -> dict[str, Any]:
        assignment = self._assignment(evaluator, app_id)
        if assignment["status"] != "assigned":
            raise IllegalTransition("the declaration was made already", message_ko="이미 이해충돌 여부를 제출했습니다.")
        status = "recused" if conflict else "cleared"
        updated = {**assignment, "status": status, "declared_at": self._clock.now().isoformat(), "note": note}
        self._records.table.put(*_assign(evaluator.sub, app_id), updated)
        app = self._applications.record(app_id)
        self._audit.record(evaluator.email, f"evaluation.{status}", {"call": app["call_id"], "application": app_id},
                           after={"evaluator": evaluator.email, "conflict": conflict, "note": note})
        self.check_complete(app["call_id"])
        return {"application": app_id, "declaration": status}

    def save_sheet(self, evaluator: Principal, app_id: str, items: Mapping[str, Decimal], comments: str,
                   submit: bool) -> dict[str, Any]:
        assignment = self._assignment(evaluator, app_id)
        if assignment["status"] != "cleared":
            raise IllegalTransition("declare that there is no conflict of interest before scoring",
                                    message_ko="이해충돌 없음 확인 후 채점할 수 있습니다.")
        app = self._applications.record(app_id)
        if app["status"] not in SCORING:
            raise IllegalTransition("scoring is not open for this application", message_ko="채점 기간이 아닙니다.")
        key = _sheet_key(app_id, evaluator.sub)
        current = self._records.find(key)
        if current is not None and current.data["status"] == "submitted":
            raise IllegalTransition("a submitted score sheet is locked",
                                    message_ko="제출한 평가표는 수정할 수 없습니다.")
        rubric = Rubric.from_json(self._calls.record(app["call_id"])["rubric"])
        sheet = ScoreSheet(evaluator.sub, dict(items))
        if submit:
            validate_sheet(rubric, sheet, app_id)  # bounds, unknown or missing items
        total, categories = sheet_totals(rubric, sheet) if submit else (None, {})
        record = {"application": app_id, "evaluator": evaluator.sub, "email": evaluator.email,
                  "items": {k: str(v) for k, v in items.items()}, "comments": comments,
                  "status": "submitted" if submit else "draft", "saved_at": self._clock.now().isoformat(),
                  "total": str(total) if total is not None else None,
                  "categories": {k: str(v) for k, v in categories.items()}}
        self._records.table.put(key.pk, key.sk, record, expect_version=current.version if current else 0)
        if submit:
            self._audit.record(evaluator.email, "evaluation.sheet_submitted",
                               {"call": app["call_id"], "application": app_id}, after={"total": record["total"]})
            self.check_complete(app["call_id"])
        return record

    def my_sheet(self, evaluator: Principal, app_id: str) -> dict[str, Any] | None:
        self._assignment(evaluator, app_id)
        item = self._records.find(_sheet_key(app_id, evaluator.sub))
        return dict(item.data) if item else None

    def sheets(self, actor: Principal, app_id: str) -> list[dict[str, Any]]:
        """Staff only: every submitted sheet of an application."""
        require_staff(actor)
        return [s for s in self._records.all(f"APP#{app_id}", prefix="SCORE#") if s["status"] == "submitted"]

    # -- round steps ------------------------------------------------------------------------------------
    def start_scoring(self, call_id: str) -> list[str]:
        apps = [a for a in self._round(call_id) if a["status"] in ("eligible", "screening")]
        for app in apps:
            self._applications.move(app["id"], ApplicationStatus.evaluation)
        return [app["id"] for app in apps]

    def close_scoring(self, actor: Principal, call_id: str) -> None:
        """Staff close scoring before every sheet is in, if each application has the quorum."""
        require_staff(actor)
        policy = SelectionPolicy.from_json(self._calls.record(call_id)["policy"])
        short = [app_id for app_id, count in self._submitted(call_id).items() if count < policy.quorum]
        if short:
            raise RuleViolation(f"applications below the quorum of {policy.quorum} sheets: {', '.join(short)}",
                                field="quorum", message_ko=f"정족수({policy.quorum}명)에 못 미치는 신청이 있습니다.")
        self._resume(call_id, "staff")

    def rank(self, call_id: str) -> dict[str, Any]:
        call = self._calls.record(call_id)
        policy, rubric = SelectionPolicy.from_json(call["policy"]), Rubric.from_json(call["rubric"])
        entries = []
        for app in self._applications.of_call(call_id):
            if app["status"] != ApplicationStatus.evaluation.value:
                continue
            sheets = tuple(ScoreSheet(s["evaluator"], {k: Decimal(v) for k, v in s["items"].items()})
                           for s in self._records.all(f"APP#{app['id']}", prefix="SCORE#")
                           if s["status"] == "submitted")
            entries.append(Entry(app["id"], bool(app.get("bonus_confirmed")), sheets))
        ranking = rank(policy, rubric, entries)
        stored = {"call": call_id, **ranking.as_json(), "computed_at": self._clock.now().isoformat()}
        self._records.table.put(f"CALL#{call_id}", "RANKING", stored)
        self._audit.record("workflow", "call.ranked", {"call": call_id}, after=stored)
        return stored

    def ranking(self, call_id: str) -> dict[str, Any]:
        return self._records.get(Key(f"CALL#{call_id}", "RANKING"), "ranking")

    # -- internals -------------------------------------------------------------------------------------
    def _round(self, call_id: str) -> list[dict[str, Any]]:
        live = ("eligible", "screening", "evaluation")
        return [app for app in self._applications.of_call(call_id) if app["status"] in live]

    def _assignment(self, evaluator: Principal, app_id: str) -> dict[str, Any]:
        item = self._records.find(assignment_key(evaluator.sub, app_id))
        if item is None or item.data["status"] == "recused":
            raise NotFound(f"no application {app_id} assigned to you")
        return dict(item.data)

    def _submitted(self, call_id: str) -> dict[str, int]:
        counts = {}
        for app in self._round(call_id):
            counts[app["id"]] = sum(1 for s in self._records.all(f"APP#{app['id']}", prefix="SCORE#")
                                    if s["status"] == "submitted")
        return counts

    def check_complete(self, call_id: str) -> None:  # also called when the round starts waiting
        """Every non-recused evaluator has submitted for every application: the round goes on."""
        apps = [a for a in self._round(call_id) if a["status"] in SCORING]
        if not apps:
            return
        for app in apps:
            active = [a for a in self._records.all(f"PANEL#{app['id']}", index=True) if a["status"] != "recused"]
            if not active:
                return  # no panel yet: nothing can be complete
            for assignment in active:
                sheet = self._records.find(_sheet_key(app["id"], assignment["evaluator"]))
                if sheet is None or sheet.data["status"] != "submitted":
                    return
        self._resume(call_id, "system")

    def _resume(self, call_id: str, actor: str) -> None:
        for approval in self._approvals.pending_for({"call": call_id}, "scoring"):
            self._approvals.decide(approval["id"], {"closed_by": actor}, actor)


def _assign(evaluator: str, application: str) -> tuple[str, str]:
    key = assignment_key(evaluator, application)
    return key.pk, key.sk

