"""Human steps of the program's workflows: every ``.waitForTaskToken`` task becomes a pending approval.

The task token is stored with the approval and never leaves the service: it is in no URL and no response.
A decision is posted with the approval's id; deciding is idempotent: a conditional PENDING -> DECIDED write
comes before the callback, so a second or late decision gets a conflict and changes nothing. Deadlines come
from the Clock port. ``audience`` says who acts: staff (the approvals inbox), the applicant (a payment
request, a final report, an answer to a request for more information) or the system (scoring completes).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

from mdap.observability import business_event
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed, InvalidRequest, NotFound
from mdap.ports.table import Put, Table
from mdap.ports.workflow import Workflow
from mdap.program.store import Key, Records

Audience = Literal["staff", "applicant", "system"]
PENDING, DECIDED, EXPIRED = "PENDING", "DECIDED", "EXPIRED"
_HIDDEN = ("token", "gsi1pk", "gsi1sk")


class ApprovalClosed(ConditionFailed):
    """The approval was decided already, or its time ran out: nothing was changed."""


def approval_id(token: str) -> str:
    """Derived from the token, so a retried task opens the same approval once (and the id reveals nothing)."""
    return "apv-" + hashlib.sha256(token.encode()).hexdigest()[:16]


def _key(approval: str) -> Key:
    return Key(f"APPROVAL#{approval}", "APPROVAL")


def _subject(subject: Mapping[str, str]) -> str:
    return ",".join(f"{name}={subject[name]}" for name in sorted(subject))


class Approvals:
    def __init__(self, table: Table, clock: Clock, workflow: Callable[[], Workflow]) -> None:
        self._records = Records(table)
        self._table = table
        self._clock = clock
        self._workflow = workflow

    def open(self, *, token: str, execution_arn: str, state: str, kind: str, audience: Audience,
             subject: Mapping[str, str], title_ko: str, title_en: str, deadline: datetime | None = None,
             timeout_seconds: float | None = None, details: Mapping[str, Any] | None = None) -> dict[str, Any]:
        ident = approval_id(token)
        existing = self._records.find(_key(ident))
        if existing is not None:
            return public(existing.data)
        now = self._clock.now()
        expires = now + timedelta(seconds=timeout_seconds) if timeout_seconds else None
        due = deadline or expires
        record = {"id": ident, "token": token, "execution_arn": execution_arn, "state": state, "kind": kind,
                  "audience": audience, "subject": dict(subject), "title_ko": title_ko, "title_en": title_en,
                  "details": dict(details or {}), "status": PENDING, "opened_at": now.isoformat(),
                  "deadline": due.isoformat() if due else None, "expires_at": expires.isoformat() if expires else None,
                  "gsi1pk": f"APPROVALS#{audience}", "gsi1sk": f"{due.isoformat() if due else '9999'}#{ident}"}
        self._table.transact([
            Put(f"APPROVAL#{ident}", "APPROVAL", record, expect_version=0),
            Put(f"APPROVALS#SUBJECT#{_subject(subject)}", f"{kind}#{ident}", {"id": ident}, expect_version=0),
        ])
        return public(record)

    def get(self, ident: str) -> dict[str, Any]:
        return public(self._records.get(_key(ident), "approval"))

    def inbox(self, audience: Audience = "staff", *, limit: int = 50, cursor: str | None = None
              ) -> tuple[list[dict[str, Any]], str | None]:
        """Pending approvals, most urgent first; ones whose time ran out are closed on the way."""
        items, next_cursor = self._records.page(f"APPROVALS#{audience}", index=True, limit=limit, cursor=cursor)
        live = [public(item) for item in items if not self._expire_if_due(item)]
        return live, next_cursor

    def pending_for(self, subject: Mapping[str, str], kind: str | None = None) -> list[dict[str, Any]]:
        pointers = self._records.all(f"APPROVALS#SUBJECT#{_subject(subject)}", prefix=f"{kind}#" if kind else None)
        found = (self._records.get(_key(str(pointer["id"])), "approval") for pointer in pointers)
        return [public(item) for item in found if item["status"] == PENDING and not self._expire_if_due(item)]

    def decide(self, ident: str, decision: Mapping[str, Any], actor: str, *, kinds: tuple[str, ...] = ()
               ) -> dict[str, Any]:
        """Record the decision, then answer the workflow; raises ApprovalClosed for a second or late one."""
        record = self._records.get(_key(ident), "approval")
        if kinds and record["kind"] not in kinds:
            raise NotFound(f"no approval {ident} of kind {', '.join(kinds)}")
        if record["status"] != PENDING or self._expire_if_due(record):
            raise ApprovalClosed(f"approval {ident} is {self._records.get(_key(ident))['status'].lower()}")
        closed = self._close(record, DECIDED, decided_by=actor, decision=dict(decision))
        try:
            self._workflow().send_task_success(record["token"], {"approval": ident, "decided_by": actor,
                                                                 **dict(decision)})
        except InvalidRequest:  # the workflow stopped waiting (timed out) before the decision arrived
            self._close(closed, EXPIRED)
            raise ApprovalClosed(f"approval {ident} timed out before it was decided") from None
        except Exception:  # the workflow could not be reached: the approval stays open for another try
            self._reopen(closed)
            raise
        business_event("ApprovalsDecided", kind=str(record["kind"]))
        return public(closed)

    def _reopen(self, record: dict[str, Any]) -> None:
        def change(current: dict[str, Any]) -> dict[str, Any]:
            due = current.get("deadline") or "9999"
            reopened = {k: v for k, v in current.items() if k not in ("decided_by", "decision", "closed_at")}
            return {**reopened, "status": PENDING, "gsi1pk": f"APPROVALS#{current['audience']}",
                    "gsi1sk": f"{due}#{current['id']}"}

        self._records.update(_key(record["id"]), change, "approval")

    def due_for_reminder(self, within: timedelta) -> list[dict[str, Any]]:
        """Pending approvals (staff's and applicants') due within ``within`` that nobody was reminded of."""
        until = (self._clock.now() + within).isoformat()
        due = []
        for audience in ("staff", "applicant"):
            for item in self._records.all(f"APPROVALS#{audience}", index=True):
                if item["deadline"] is None or item["deadline"] > until:
                    break  # the index is in deadline order: the rest are later or have none
                if not item.get("reminded_at") and not self._expire_if_due(item):
                    due.append(item)
        return due

    def mark_reminded(self, ident: str) -> None:
        self._records.update(_key(ident), lambda r: {**r, "reminded_at": self._clock.now().isoformat()}, "approval")

    def _expire_if_due(self, record: Mapping[str, Any]) -> bool:
        expires = record.get("expires_at")
        if record["status"] != PENDING or not expires or self._clock.now() < datetime.fromisoformat(expires):
            return bool(record["status"] == EXPIRED)
        with contextlib.suppress(ApprovalClosed):  # someone closed it meanwhile: expired or decided, either way
            self._close(dict(record), EXPIRED)
        return True

    def _close(self, record: dict[str, Any], status: str, **fields: Any) -> dict[str, Any]:
        def change(current: dict[str, Any]) -> dict[str, Any]:
            if current["status"] != record["status"]:
                raise ApprovalClosed(f"approval {record['id']} is {current['status'].lower()} already")
            closed = {k: v for k, v in current.items() if k not in ("gsi1pk", "gsi1sk")}
            return {**closed, **fields, "status": status, "closed_at": self._clock.now().isoformat()}

        try:
            return self._records.update(_key(record["id"]), change, "approval")[1]
        except ConditionFailed as exc:
            raise ApprovalClosed(str(exc)) from None


def public(record: Mapping[str, Any]) -> dict[str, Any]:
    """What may be shown: everything but the task token and index keys."""
    return {key: value for key, value in record.items() if key not in _HIDDEN}
