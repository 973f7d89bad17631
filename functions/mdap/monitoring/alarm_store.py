"""Alarms in the Table.

- ``ALARM#<id>`` / ``ALARM``: every alarm, open or cleared, listed newest first through gsi1 ``ALARMS``; a cleared
  one expires after ``KEEP_DAYS``.
- ``ALARMS#OPEN`` / ``<site>#<rule>#<subject>``: the open alarm of a condition (a copy), so an evaluation and the
  status page read every open alarm of a site with one query. Both items change in one transaction, each
  conditional on the version read: an acknowledgement and an evaluation racing cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from mdap.domain.monitoring.alarms import Alarm
from mdap.ports.errors import ConditionFailed, NotFound
from mdap.ports.table import Delete, Item, KeyRange, Put, Table

OPEN_PK = "ALARMS#OPEN"
INDEX_PK = "ALARMS"
KEEP_DAYS = 90


class AlarmStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def open_alarms(self, site: str | None = None) -> list[tuple[Alarm, int]]:
        """Open alarms (of one site, or all) with their open item's version."""
        found: list[tuple[Alarm, int]] = []
        cursor = None
        while True:
            page = self._table.query(OPEN_PK, sk=KeyRange(prefix=f"{site}#") if site else None, limit=100,
                                     cursor=cursor)
            found += [(Alarm.of(item.data), item.version) for item in page.items]
            cursor = page.cursor
            if cursor is None:
                return found

    def get(self, alarm_id: str) -> tuple[Alarm, int]:
        item = self._table.get(_pk(alarm_id), "ALARM")
        if item is None:
            raise NotFound(f"no alarm {alarm_id}")
        return Alarm.of(item.data), item.version

    def recent(self, *, sites: frozenset[str] | None, limit: int, cursor: str | None = None,
               scan_pages: int = 5) -> tuple[list[Alarm], str | None]:
        """Alarms newest first (raised), of ``sites`` (None: all)."""
        found: list[Alarm] = []
        for _ in range(scan_pages):
            page = self._table.query(INDEX_PK, index="gsi1", descending=True, limit=100, cursor=cursor)
            found += [Alarm.of(item.data) for item in page.items if sites is None or item.data.get("site") in sites]
            cursor = page.cursor
            if cursor is None or len(found) >= limit:
                break
        return found[:limit], cursor

    def raised(self, alarm: Alarm) -> None:
        """A new open alarm; ConditionFailed if its condition has one open already."""
        self._table.transact([Put(OPEN_PK, _open_sk(alarm), _open_data(alarm), expect_version=0),
                              Put(_pk(alarm.id), "ALARM", _data(alarm), expect_version=0)])

    def open_version(self, alarm: Alarm) -> int:
        """The version of the alarm's open item; ConditionFailed when it is not open any more."""
        item = self._table.get(OPEN_PK, _open_sk(alarm))
        if item is None or item.data.get("id") != alarm.id:
            raise ConditionFailed(f"alarm {alarm.id} is not open any more")
        return item.version

    def changed(self, alarm: Alarm, open_version: int, record_version: int | None = None) -> None:
        """An open alarm's new state (acknowledged, followed its condition, or cleared); ConditionFailed when
        either item changed since it was read (the open item's version guards both)."""
        if record_version is None:
            record_version = self._record(alarm.id).version
        if alarm.is_open:
            open_write: Put | Delete = Put(OPEN_PK, _open_sk(alarm), _open_data(alarm), expect_version=open_version)
        else:
            open_write = Delete(OPEN_PK, _open_sk(alarm), expect_version=open_version)
        self._table.transact([open_write, Put(_pk(alarm.id), "ALARM", _data(alarm), expect_version=record_version)])

    def _record(self, alarm_id: str) -> Item:
        item = self._table.get(_pk(alarm_id), "ALARM")
        if item is None:
            raise NotFound(f"no alarm {alarm_id}")
        return item


def _pk(alarm_id: str) -> str:
    return f"ALARM#{alarm_id}"


def _open_sk(alarm: Alarm) -> str:
    return f"{alarm.site}#{alarm.rule}#{alarm.subject}"


def _open_data(alarm: Alarm) -> dict[str, Any]:
    return alarm.as_json()


def _data(alarm: Alarm) -> Mapping[str, Any]:
    data = {**alarm.as_json(), "gsi1pk": INDEX_PK, "gsi1sk": f"{alarm.raised_at.isoformat()}#{alarm.id}"}
    if alarm.cleared_at is not None:
        data["expires_at"] = int((alarm.cleared_at + timedelta(days=KEEP_DAYS)).timestamp())
    return data
