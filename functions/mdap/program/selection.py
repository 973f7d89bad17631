"""The round's outcomes: the tally after the review, document screening (R-REV-2, OP-4), publication of the
selection and the reserve list (R-SEL-3/5), promotion of the first reserve (R-PAY-2) and the call reopened for
places left (R-REV-3, OP-3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.application import ApplicationStatus
from mdap.domain.program.errors import RuleViolation
from mdap.domain.program.policy import SelectionPolicy
from mdap.ports.errors import ConditionFailed
from mdap.program.applications import Applications, emails
from mdap.program.audit import AuditLog
from mdap.program.calls import Calls
from mdap.program.evaluation import Evaluation
from mdap.program.notices import Notices
from mdap.program.store import Key, Records

S = ApplicationStatus
SYSTEM = Principal("workflow", "workflow", "workflow", frozenset({"staff"}))  # the process acting as staff


def _reserve_key(call_id: str) -> Key:
    return Key(f"CALL#{call_id}", "RESERVE")


class Selection:
    def __init__(self, records: Records, audit: AuditLog, notices: Notices, calls: Calls,
                 applications: Applications, evaluation: Evaluation) -> None:
        self._records = records
        self._audit = audit
        self._notices = notices
        self._calls = calls
        self._applications = applications
        self._evaluation = evaluation

    def close(self, call_id: str) -> list[str]:
        if self._calls.record(call_id)["status"] == "open":
            self._calls.set_status(call_id, "closed")
        return [app["id"] for app in self._applications.of_call(call_id) if app["status"] == S.submitted.value]

    def tally(self, call_id: str) -> dict[str, Any]:
        policy = SelectionPolicy.from_json(self._calls.record(call_id)["policy"])
        eligible = [a["id"] for a in self._applications.of_call(call_id) if a["status"] == S.eligible.value]
        screening = policy.needs_screening(len(eligible))
        if screening:
            for app_id in eligible:
                self._applications.move(app_id, S.screening)
        return {"eligible": eligible, "needs_screening": screening, "short": len(eligible) < policy.places}

    def record_screening(self, call_id: str, advance: list[str]) -> list[str]:
        policy = SelectionPolicy.from_json(self._calls.record(call_id)["policy"])
        screened = [a["id"] for a in self._applications.of_call(call_id) if a["status"] == S.screening.value]
        unknown = sorted(set(advance) - set(screened))
        if unknown or len(set(advance)) > policy.advancing_from_screening():
            raise RuleViolation(f"screening advances at most {policy.advancing_from_screening()} of the screened "
                                f"applications; not screened: {unknown}", field="advance", rule="R-REV-2",
                                message_ko=f"서류평가 통과는 최대 {policy.advancing_from_screening()}건입니다.")
        for app_id in screened:
            if app_id not in advance:
                self._notify(self._applications.move(app_id, S.screened_out), "application.screened_out")
        return list(advance)

    def publish(self, call_id: str, tie_choice: list[str]) -> dict[str, Any]:
        """Statuses from the confirmed ranking; staff's choice settles a tie that straddles the last place."""
        rows = self._evaluation.ranking(call_id)["ranking"]
        policy = SelectionPolicy.from_json(self._calls.record(call_id)["policy"])
        selected = [r["id"] for r in rows if r["status"] == "selected"]
        tied = [r["id"] for r in rows if r["status"] == "tie_unresolved"]
        chosen = [app_id for app_id in tie_choice if app_id in tied]
        if tied and len(selected) + len(chosen) != min(policy.places, len(selected) + len(tied)):
            raise RuleViolation(f"choose {policy.places - len(selected)} of the tied applications {tied}",
                                field="selected", rule="R-SEL-4",
                                message_ko=f"동점 신청 중 {policy.places - len(selected)}건을 선택하세요.")
        selected += chosen
        reserve = [i for i in tied if i not in chosen] + [r["id"] for r in rows if r["status"] == "reserve"]
        by_id = {r["id"]: r for r in rows}
        for app_id in selected:
            self._notify(self._applications.move(app_id, S.selected), "application.selected", **_score(by_id[app_id]))
        for position, app_id in enumerate(reserve, start=1):
            moved = self._applications.move(app_id, S.reserve, reserve_position=position)
            self._notify(moved, "application.reserve", position=position, **_score(by_id[app_id]))
        for row in rows:
            if row["id"] not in selected and row["id"] not in reserve:
                self._notify(self._applications.move(row["id"], S.not_selected), "application.not_selected")
        self._records.table.put(f"CALL#{call_id}", "RESERVE", {"reserve": reserve, "promoted": []})
        self._calls.set_status(call_id, "decided")
        return {"selected": selected, "reserve": reserve,
                "reopen": policy.reopen_when_short and policy.places_to_reopen(len(selected)) > 0}

    def promote_first_reserve(self, call_id: str) -> str | None:
        """R-PAY-2: the next-ranked reserve company is selected in place of a cancelled agreement."""
        for _ in range(8):
            item = self._records.find(_reserve_key(call_id))
            if item is None:
                return None
            waiting = [a for a in item.data["reserve"] if a not in item.data["promoted"]]
            if not waiting:
                return None
            chosen = waiting[0]
            data = {**item.data, "promoted": [*item.data["promoted"], chosen]}
            try:
                self._records.table.put(item.pk, item.sk, data, expect_version=item.version)
            except ConditionFailed:  # a concurrent promotion: read again
                continue
            self._notify(self._applications.move(chosen, S.selected, promoted=True), "application.promoted")
            return str(chosen)
        return None

    def reopen(self, call_id: str) -> str | None:
        """R-REV-3 / OP-3: an additional call (draft, same rubric and policy) for the places left."""
        call = self._calls.record(call_id)
        policy = SelectionPolicy.from_json(call["policy"])
        selected = sum(1 for a in self._applications.of_call(call_id) if a["status"] == S.selected.value)
        left = policy.places_to_reopen(selected)
        if left <= 0:
            return None
        follow = self._calls.create(SYSTEM, title_ko=f"{call['title_ko']} (추가 모집)",
                                    title_en=f"{call['title_en']} (additional call)",
                                    opens_at=self._calls.now(), closes_at=self._calls.now() + timedelta(days=10),
                                    places=left, policy={**call["policy"], "places": left}, parent_call=call_id)
        self._calls.copy_rubric(call_id, follow["id"])
        self._audit.record("workflow", "call.reopened", {"call": call_id}, after={"additional_call": follow["id"],
                                                                                 "places": left})
        return str(follow["id"])

    def _notify(self, app: Mapping[str, Any], kind: str, **fields: Any) -> None:
        self._notices.send(kind, emails(app), {"call": app["call_id"], "application": app["id"]}, **fields)


def _score(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"rank": row["rank"], "total": row["total"]}
