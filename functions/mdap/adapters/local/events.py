"""Object-created events on a durable SQLite outbox: what SQS does for the AWS profile.

LocalBlobStore.put records an event after the object is in place; consumers receive events,
which stay hidden for the visibility timeout and come back unless acknowledged.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

from mdap.adapters.clock import SystemClock
from mdap.adapters.local.table import SqliteFile
from mdap.ports.blobstore import ObjectCreated, ObjectEvents, ReceivedEvent
from mdap.ports.clock import Clock
from mdap.ports.errors import InvalidRequest

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, zone TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL,
    at TEXT NOT NULL, visible_at REAL NOT NULL DEFAULT 0, receipt TEXT
);
CREATE INDEX IF NOT EXISTS outbox_visible ON outbox (visible_at, id);
"""
_POLL_SECONDS = 0.1


class LocalObjectEvents(ObjectEvents):
    def __init__(self, path: Path, clock: Clock | None = None, *, visibility_seconds: float = 30) -> None:
        self._db = SqliteFile(path, _SCHEMA)
        self._clock = clock or SystemClock()
        self._visibility = visibility_seconds

    def publish(self, event: ObjectCreated) -> None:
        with self._db.write() as conn:
            conn.execute("INSERT INTO outbox (zone, key, size, at) VALUES (?, ?, ?, ?)",
                         (event.zone, event.key, event.size, event.at.isoformat()))

    def receive(self, *, max_events: int = 10, wait_seconds: float = 0) -> list[ReceivedEvent]:
        deadline = self._clock.now().timestamp() + max(0.0, wait_seconds)
        while True:
            events = self._claim(max(1, min(max_events, 10)))
            if events or self._clock.now().timestamp() >= deadline:
                return events
            self._clock.sleep(_POLL_SECONDS)

    def ack(self, receipt: str) -> None:
        event_id, _, token = receipt.partition(".")
        if not event_id.isdigit() or not token:
            raise InvalidRequest(f"not a receipt issued by this event queue: {receipt!r}")
        with self._db.write() as conn:
            # A stale receipt (the event was re-delivered since) leaves the newer delivery in charge.
            conn.execute("DELETE FROM outbox WHERE id = ? AND receipt = ?", (int(event_id), receipt))

    def _claim(self, count: int) -> list[ReceivedEvent]:
        now = self._clock.now().timestamp()
        with self._db.write() as conn:
            rows = conn.execute(
                "SELECT id, zone, key, size, at FROM outbox WHERE visible_at <= ? ORDER BY id LIMIT ?",
                (now, count),
            ).fetchall()
            claimed = []
            for event_id, zone, key, size, at in rows:
                receipt = f"{event_id}.{secrets.token_hex(8)}"
                conn.execute("UPDATE outbox SET visible_at = ?, receipt = ? WHERE id = ?",
                             (now + self._visibility, receipt, event_id))
                event = ObjectCreated(zone, key, int(size), datetime.fromisoformat(at))
                claimed.append(ReceivedEvent(event, receipt))
        return claimed
