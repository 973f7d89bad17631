"""The append-only audit log: who, when, what, before and after, for every state change and decision.

One entry is written under each object it concerns (its call, application and/or project), so staff can list
the story of any of them. Entries are created with a must-not-exist condition and never updated.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from mdap.ports.clock import Clock
from mdap.ports.table import Put, Table

SCOPES = ("call", "application", "project", "user", "alarm", "upload")  # "user": account changes, by e-mail


class AuditLog:
    def __init__(self, table: Table, clock: Clock) -> None:
        self._table = table
        self._clock = clock

    def record(self, actor: str, action: str, refs: Mapping[str, str], *, before: Any = None, after: Any = None,
               note: str = "") -> dict[str, Any]:
        now = self._clock.now().isoformat()
        entry_id = uuid.uuid4().hex[:12]
        entry = {"id": entry_id, "at": now, "actor": actor, "action": action, "refs": dict(refs),
                 "before": _changed(before, after), "after": _changed(after, before), "note": note}
        scopes = [(scope, refs[scope]) for scope in SCOPES if refs.get(scope)]
        if not scopes:
            raise ValueError(f"audit entry {action!r} names none of {SCOPES}")
        self._table.transact([Put(f"AUDIT#{scope}#{ref}", f"{now}#{entry_id}", entry, expect_version=0)
                              for scope, ref in scopes])
        return entry

    def entries(self, scope: str, ref: str, *, limit: int = 100, cursor: str | None = None
                ) -> tuple[list[dict[str, Any]], str | None]:
        if scope not in SCOPES:
            raise ValueError(f"audit scope must be one of {SCOPES}")
        page = self._table.query(f"AUDIT#{scope}#{ref}", limit=limit, cursor=cursor)
        return [dict(item.data) for item in page.items], page.cursor


def _changed(value: Any, other: Any) -> Any:
    """For two records, only the fields that differ (keeps entries small); other values as they are."""
    if isinstance(value, Mapping) and isinstance(other, Mapping):
        return {key: value.get(key) for key in sorted(set(value) | set(other))
                if value.get(key) != other.get(key) and not key.startswith("gsi")}
    return value
