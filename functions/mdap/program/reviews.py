"""The requirements review (요건검토, R-REV-1): the R-ELG checklist of an application, staff decisions on the
items that need judgement, and the outcome staff give the round (eligible, ineligible, more information)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.eligibility import Checklist, Decision, evaluate
from mdap.domain.program.errors import RuleViolation
from mdap.program.access import require_staff
from mdap.program.audit import AuditLog
from mdap.program.store import Key, Records

OUTCOMES = ("eligible", "ineligible", "more_info")


def _key(app_id: str) -> Key:
    return Key(f"APP#{app_id}", "REVIEW")


class Reviews:
    def __init__(self, records: Records, audit: AuditLog, present_documents: Any) -> None:
        self._records = records
        self._audit = audit
        self._present = present_documents  # (application) -> {role: [kinds]}

    def checklist(self, app: Mapping[str, Any], call: Mapping[str, Any]) -> Checklist:
        facts: dict[str, Any] = {"call": {"announced": date.fromisoformat(call["opens_at"][:10])}}
        for member in app["members"]:
            facts[member["role"]] = dict(member.get("section", {}))
        return evaluate(facts, self._present(app), self._decisions(app["id"]))

    def decide_item(self, actor: Principal, app: Mapping[str, Any], key: str, status: str, reason: str
                    ) -> dict[str, Any]:
        require_staff(actor)
        if status not in ("passed", "failed") or not reason.strip():
            raise RuleViolation("a decision is passed or failed, with a reason", field="status",
                                message_ko="판단은 통과 또는 불충족이며 사유가 필요합니다.")
        item = self._records.find(_key(app["id"]))
        decisions = dict(item.data["decisions"]) if item else {}
        decisions[key] = {"status": status, "reason": reason, "by": actor.email}
        self._records.table.put(f"APP#{app['id']}", "REVIEW", {"decisions": decisions},
                                expect_version=item.version if item else 0)
        self._audit.record(actor.email, "review.item_decided", {"call": app["call_id"], "application": app["id"]},
                           after={key: decisions[key]})
        return dict(decisions[key])

    def outcome(self, app: Mapping[str, Any], call: Mapping[str, Any], outcome: str, reason: str) -> dict[str, Any]:
        """The decision staff send to the round, checked against the checklist (bonus computed, not claimed)."""
        checklist = self.checklist(app, call)
        if outcome not in OUTCOMES:
            raise RuleViolation(f"outcome must be one of {OUTCOMES}", field="outcome",
                                message_ko="결과는 충족, 미충족, 보완요청 중 하나입니다.")
        if outcome == "eligible" and checklist.overall != "eligible":
            raise RuleViolation("every requirement must be passed before an application is eligible",
                                field="outcome", rule="R-REV-1",
                                message_ko="모든 요건이 충족되어야 요건검토를 통과시킬 수 있습니다.")
        if outcome == "ineligible" and checklist.overall != "ineligible" and not reason.strip():
            raise RuleViolation("an ineligible outcome without a failed requirement needs a reason",
                                field="reason", message_ko="미충족 사유를 입력하세요.")
        return {"outcome": outcome, "reason": reason, "bonus": checklist.bonus_confirmed,
                "checklist": checklist.overall}

    def _decisions(self, app_id: str) -> dict[str, Decision]:
        item = self._records.find(_key(app_id))
        raw = item.data["decisions"] if item else {}
        return {key: Decision(value["status"], value["reason"], value["by"]) for key, value in raw.items()}
