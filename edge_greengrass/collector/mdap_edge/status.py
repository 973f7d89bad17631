"""Status records: the collector's heartbeat, spool, uploader and sources, written into the platform's Table.

One item per collector, replaced every ``every_seconds``: ``pk = EDGE#<site>``, ``sk = DEVICE#<device>``, and
``gsi1pk = EDGE`` / ``gsi1sk = <site>#<device>`` so every collector of every site lists with one index query.
Written directly through the Table port (SQLite in the data directory locally; DynamoDB in AWS, with the
token exchange service's credentials, which may write only items of the device's own site).

Last values: the record's ``tags`` hold each tag's newest spooled reading (``LastValues``, fed by the spool's group
commits, so the sources' hot path pays nothing): value or text, quality, its time, and ``since``, when the value
was first seen (a value unchanged for long while readings keep coming is a stuck sensor). Bounded: at most
``MAX_REPORTED_TAGS`` tags, in (asset, tag) order, texts cut to ``MAX_TEXT`` characters (about 30 KB a record, far
below DynamoDB's 400 KB item); ``tags_total`` says how many the collector tracks (at most ``MAX_TRACKED_TAGS``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from mdap.ports.table import Item, Table

log = logging.getLogger("mdap_edge.status")
INDEX_PK = "EDGE"
MAX_REPORTED_TAGS = 200
MAX_TRACKED_TAGS = 5000
MAX_TEXT = 64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def status_key(site: str, device: str) -> tuple[str, str]:
    return f"EDGE#{site}", f"DEVICE#{device}"


def status_item(site: str, device: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {"gsi1pk": INDEX_PK, "gsi1sk": f"{site}#{device}", "site": site, "device": device, **fields}


def write_status(table: Table, site: str, device: str, fields: dict[str, Any]) -> None:
    pk, sk = status_key(site, device)
    table.put(pk, sk, status_item(site, device, fields))


def read_statuses(table: Table, site: str | None = None) -> list[dict[str, Any]]:
    """Every collector's latest status record (of one site, or all), ordered by site and device."""
    items: list[Item] = []
    cursor = None
    while True:
        if site is None:
            page = table.query(INDEX_PK, index="gsi1", cursor=cursor)
        else:
            page = table.query(f"EDGE#{site}", cursor=cursor)
        items += page.items
        cursor = page.cursor
        if cursor is None:
            break
    return [dict(item.data) for item in items]


def heartbeat_age(record: dict[str, Any], now: datetime | None = None) -> float | None:
    stamp = record.get("heartbeat_at")
    if not stamp:
        return None
    return ((now or datetime.now(UTC)) - datetime.fromisoformat(stamp)).total_seconds()


class StatusReporter:
    """Writes the record built by ``fields()``; a Table that fails (or cannot be opened yet) is logged and tried
    again next time. ``table`` may be a factory, called until it succeeds; it returns None for no status."""

    def __init__(self, table: Table | Callable[[], Table | None] | None, site: str, device: str,
                 fields: Callable[[], dict[str, Any]]) -> None:
        self._table = table if isinstance(table, Table) or table is None else None
        self._open = None if isinstance(table, Table) or table is None else table
        self._site, self._device, self._fields = site, device, fields
        self.last_error: str | None = None

    def report(self) -> dict[str, Any]:
        record = self._fields()
        if self._table is None and self._open is not None:
            try:
                self._table, self._open = self._open(), None
            except Exception as exc:  # e.g. the platform creating the same SQLite file right now
                self.last_error = f"{type(exc).__name__}: {exc}"[:300]
                return record
        if self._table is not None:
            try:
                write_status(self._table, self._site, self._device, record)
                self.last_error = None
            except Exception as exc:  # status must never stop collection
                self.last_error = f"{type(exc).__name__}: {exc}"[:300]
                log.warning("status record not written: %s", self.last_error)
        return record


def source_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [source for record in records for source in record.get("sources", [])]


class LastValues:
    """Each tag's newest reading and since when its value has not changed; fed by ``Spool(observe=...)``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (asset, tag) -> [ts µs, value, text, quality, since µs]
        self._tags: dict[tuple[str, str], list[Any]] = {}

    def update(self, latest: Iterable[tuple[str, str, int, float | None, str | None, str, bool]]) -> None:
        with self._lock:
            tags = self._tags
            for asset, tag, ts, value, text, quality, steady in latest:
                known = tags.get((asset, tag))
                if known is None:
                    if len(tags) < MAX_TRACKED_TAGS:
                        tags[(asset, tag)] = [ts, value, text, quality, ts]
                    continue
                unchanged = steady and known[1] == value and known[2] == text
                known[:] = [ts, value, text, quality, known[4] if unchanged else ts]

    def snapshot(self, limit: int = MAX_REPORTED_TAGS) -> dict[str, Any]:
        """``{"tags": [...], "tags_total": n}`` for the status record."""
        with self._lock:
            total = len(self._tags)
            chosen = sorted(self._tags.items())[:limit]
        tags = [{"asset": asset, "tag": tag, "ts": _iso(ts), "value": value,
                 "text": text[:MAX_TEXT] if text is not None else None, "quality": quality, "since": _iso(since)}
                for (asset, tag), (ts, value, text, quality, since) in chosen]
        return {"tags": tags, "tags_total": total}


def _iso(micros: int) -> str:
    return (_EPOCH + timedelta(microseconds=micros)).isoformat()
