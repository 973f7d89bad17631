"""Calls (사업공고): created from the 2022 template, rubric and policy edited while draft, opened, closed.

Opening a call starts its ``selection_round`` workflow, which waits for the application deadline itself. A
call cannot be opened on a rubric that does not add up (OP-2): the 2022 template is refused until staff
correct it, and the correction is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.errors import DeadlinePassed, IllegalTransition, RuleViolation
from mdap.domain.program.policy import ProgramPolicy, SelectionPolicy
from mdap.domain.program.rubric import Rubric, template_2022
from mdap.ports.clock import Clock
from mdap.ports.errors import NotFound
from mdap.ports.workflow import Workflow
from mdap.program.access import is_staff, require_staff
from mdap.program.audit import AuditLog
from mdap.program.store import Records, call_key, new_id

PUBLIC_FIELDS = ("id", "title_ko", "title_en", "status", "opens_at", "closes_at", "places", "policy", "rubric",
                 "program", "parent_call")


class Calls:
    def __init__(self, records: Records, audit: AuditLog, clock: Clock, workflow: Callable[[], Workflow]) -> None:
        self._records = records
        self._audit = audit
        self._clock = clock
        self._workflow = workflow

    def create(self, actor: Principal, *, title_ko: str, title_en: str, opens_at: datetime, closes_at: datetime,
               places: int = 3, policy: Mapping[str, Any] | None = None, parent_call: str | None = None
               ) -> dict[str, Any]:
        require_staff(actor)
        if closes_at <= opens_at:
            raise RuleViolation(f"closes_at {closes_at.isoformat()} is not after opens_at {opens_at.isoformat()}",
                                message_ko="접수 마감 일시는 접수 시작 일시보다 늦어야 합니다.", field="closes_at")
        _not_passed(closes_at, self._clock.now())
        selection = SelectionPolicy.from_json({**(policy or {}), "places": places})
        rubric = template_2022()
        call_id = new_id("call")
        now = self._clock.now().isoformat()
        record = {"id": call_id, "title_ko": title_ko, "title_en": title_en, "status": "draft",
                  "opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat(), "places": places,
                  "policy": selection.as_json(), "program": ProgramPolicy().as_json(), "rubric": rubric.as_json(),
                  "rubric_problems": rubric.problems(), "corrections": [], "parent_call": parent_call,
                  "created_by": actor.email, "created_at": now, "gsi1pk": "CALLS", "gsi1sk": f"{now}#{call_id}"}
        self._records.create(call_key(call_id), record)
        self._audit.record(actor.email, "call.created", {"call": call_id}, after=_public(record))
        return _public(record)

    def edit_rubric(self, actor: Principal, call_id: str, rubric_json: Mapping[str, Any], note: str
                    ) -> dict[str, Any]:
        """Replace a draft call's rubric; an inconsistent one is kept with its problems shown, never scored."""
        require_staff(actor)
        rubric = Rubric.from_json(rubric_json)

        def change(call: dict[str, Any]) -> dict[str, Any]:
            _draft(call)
            correction = {"at": self._clock.now().isoformat(), "by": actor.email, "note": note,
                          "problems_before": call["rubric_problems"], "problems_after": rubric.problems()}
            return {**call, "rubric": rubric.as_json(), "rubric_problems": rubric.problems(),
                    "corrections": [*call["corrections"], correction]}

        before, after = self._records.update(call_key(call_id), change, "call")
        self._audit.record(actor.email, "call.rubric_edited", {"call": call_id}, before=before, after=after,
                           note=note)
        return _public(after)

    def edit_policy(self, actor: Principal, call_id: str, policy_json: Mapping[str, Any]) -> dict[str, Any]:
        require_staff(actor)
        policy = SelectionPolicy.from_json(policy_json)

        def change(call: dict[str, Any]) -> dict[str, Any]:
            _draft(call)
            return {**call, "policy": policy.as_json(), "places": policy.places}

        before, after = self._records.update(call_key(call_id), change, "call")
        self._audit.record(actor.email, "call.policy_edited", {"call": call_id}, before=before, after=after)
        return _public(after)

    def open(self, actor: Principal, call_id: str) -> dict[str, Any]:
        """Publish the call and start its selection round (which waits for the deadline)."""
        require_staff(actor)

        def change(call: dict[str, Any]) -> dict[str, Any]:
            _draft(call)
            Rubric.from_json(call["rubric"]).validate()  # RubricInvalid names what does not add up
            _not_passed(datetime.fromisoformat(call["closes_at"]), self._clock.now())  # a round with no time to apply
            return {**call, "status": "open"}

        before, after = self._records.update(call_key(call_id), change, "call")
        execution = self._workflow().start("selection_round", {"call_id": call_id, "closes_at": after["closes_at"]},
                                           name=f"round-{call_id}")
        after = self._records.update(call_key(call_id), lambda c: {**c, "round_execution": execution}, "call")[1]
        self._audit.record(actor.email, "call.opened", {"call": call_id}, before=before, after=after)
        return _public(after)

    def set_status(self, call_id: str, status: str, actor: str = "workflow") -> dict[str, Any]:
        before, after = self._records.update(call_key(call_id), lambda c: {**c, "status": status}, "call")
        self._audit.record(actor, f"call.{status}", {"call": call_id}, before=before, after=after)
        return after

    def get(self, actor: Principal, call_id: str) -> dict[str, Any]:
        call = self._records.get(call_key(call_id), "call")
        if call["status"] == "draft" and not is_staff(actor):
            raise NotFound(f"no call {call_id}")  # drafts are the agency's own
        return _public(call) if not is_staff(actor) else _staff_view(call)

    def now(self) -> datetime:
        return self._clock.now()

    def copy_rubric(self, source: str, target: str) -> None:
        """An additional call scores on the rubric its call used, corrections included."""
        rubric = self.record(source)
        self._records.update(call_key(target), lambda c: {**c, "rubric": rubric["rubric"],
                                                          "rubric_problems": rubric["rubric_problems"],
                                                          "corrections": rubric["corrections"]}, "call")

    def record(self, call_id: str) -> dict[str, Any]:
        return self._records.get(call_key(call_id), "call")

    def list(self, actor: Principal) -> list[dict[str, Any]]:
        calls = list(self._records.all("CALLS", index=True))
        if is_staff(actor):
            return [_staff_view(call) for call in calls]
        return [_public(call) for call in calls if call["status"] != "draft"]

    def accepting(self, call_id: str) -> dict[str, Any]:
        """The call, if applications may still be made or changed now (before its deadline, while open)."""
        call = self.record(call_id)
        if call["status"] != "open":
            raise IllegalTransition(f"call {call_id} is {call['status']}, not open for applications",
                                    message_ko="접수 중인 공고가 아닙니다.")
        return call


def _not_passed(closes_at: datetime, now: datetime) -> None:
    if closes_at <= now:
        raise DeadlinePassed(f"closes_at {closes_at.isoformat()} has passed",
                             message_ko="접수 마감 일시가 이미 지났습니다. 마감 일시가 남은 공고로 게시하세요.",
                             field="closes_at")


def _draft(call: Mapping[str, Any]) -> None:
    if call["status"] != "draft":
        raise IllegalTransition(f"call {call['id']} is {call['status']}: only a draft can be edited or opened",
                                message_ko="작성 중인 공고만 수정하거나 공고할 수 있습니다.")


def _public(call: Mapping[str, Any]) -> dict[str, Any]:
    return {field: call.get(field) for field in PUBLIC_FIELDS}


def _staff_view(call: Mapping[str, Any]) -> dict[str, Any]:
    return {**_public(call), "rubric_problems": call.get("rubric_problems", []),
            "corrections": call.get("corrections", []), "round_execution": call.get("round_execution"),
            "created_by": call.get("created_by")}

