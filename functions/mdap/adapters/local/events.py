"""Object-created events on durable SQLite outboxes: what SQS does for the AWS profile.

Each zone's outbox is a table in that zone's index database, and LocalBlobStore inserts the event
in the same transaction that records the object: an object is never committed without its event,
whatever moment the process dies at (one SQLite file, one COMMIT; ATTACH across WAL files would not
be atomic). Consumers receive from every registered outbox (and from this queue's own file, where
``publish`` writes); a received event stays hidden for the visibility timeout and comes back unless
acknowledged.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from mdap.adapters.clock import SystemClock
from mdap.adapters.local.table import SqliteFile
from mdap.ports.blobstore import ObjectCreated, ObjectEvents, ReceivedEvent
from mdap.ports.clock import Clock
from mdap.ports.errors import InvalidRequest

OUTBOX_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, zone TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL,
    at TEXT NOT NULL, visible_at REAL NOT NULL DEFAULT 0, receipt TEXT
);
CREATE INDEX IF NOT EXISTS outbox_visible ON outbox (visible_at, id);
"""
_OWN = "queue"  # this queue's own file; zone names never clash with it in receipts ("queue.12.ab…")
_POLL_SECONDS = 0.1


def record(conn: sqlite3.Connection, event: ObjectCreated) -> None:
    """Add an event inside the caller's open write transaction on a database with OUTBOX_SCHEMA."""
    conn.execute("INSERT INTO outbox (zone, key, size, at) VALUES (?, ?, ?, ?)",
                 (event.zone, event.key, event.size, event.at.isoformat()))


class LocalObjectEvents(ObjectEvents):
    def __init__(self, path: Path, clock: Clock | None = None, *, visibility_seconds: float = 30) -> None:
        self._outboxes: dict[str, SqliteFile] = {_OWN: SqliteFile(path, OUTBOX_SCHEMA)}
        self._clock = clock or SystemClock()
        self._visibility = visibility_seconds
        self._turn = 0  # which outbox is read first: a busy zone must not starve the others

    def add_outbox(self, name: str, db: SqliteFile) -> None:
        """Also deliver the events recorded in ``db`` (a zone index created with OUTBOX_SCHEMA)."""
        if "." in name or name == _OWN:
            raise ValueError(f"outbox names are zone names without dots, not {name!r}")
        self._outboxes[name] = db

    def publish(self, event: ObjectCreated) -> None:
        with self._outboxes[_OWN].write() as conn:
            record(conn, event)

    def receive(self, *, max_events: int = 10, wait_seconds: float = 0) -> list[ReceivedEvent]:
        # A long poll ends after wait_seconds of real time, or of the platform's clock if that runs faster (a
        # test's controllable clock): a clock that stands still must never keep a receiver waiting for ever.
        wait = max(0.0, wait_seconds)
        deadline, real_deadline = self._clock.now().timestamp() + wait, time.monotonic() + wait
        while True:
            events = self._claim_all(max(1, min(max_events, 10)))
            if events or self._clock.now().timestamp() >= deadline or time.monotonic() >= real_deadline:
                return events
            self._clock.sleep(_POLL_SECONDS)

    def ack(self, receipt: str) -> None:
        name, _, rest = receipt.partition(".")
        event_id, _, token = rest.partition(".")
        if name not in self._outboxes or not event_id.isdigit() or not token:
            raise InvalidRequest(f"not a receipt issued by this event queue: {receipt!r}")
        with self._outboxes[name].write() as conn:
            # A stale receipt (the event was re-delivered since) leaves the newer delivery in charge.
            conn.execute("DELETE FROM outbox WHERE id = ? AND receipt = ?", (int(event_id), receipt))

    def _claim_all(self, count: int) -> list[ReceivedEvent]:
        claimed: list[ReceivedEvent] = []
        outboxes = list(self._outboxes.items())
        self._turn = (self._turn + 1) % len(outboxes)
        for name, db in outboxes[self._turn:] + outboxes[:self._turn]:
            if len(claimed) < count:
                claimed += self._claim(name, db, count - len(claimed))
        return claimed

    def _claim(self, name: str, db: SqliteFile, count: int) -> list[ReceivedEvent]:
        now = self._clock.now().timestamp()
        with db.write() as conn:
            rows = conn.execute(
                "SELECT id, zone, key, size, at FROM outbox WHERE visible_at <= ? ORDER BY id LIMIT ?",
                (now, count),
            ).fetchall()
            claimed = []
            for event_id, zone, key, size, at in rows:
                receipt = f"{name}.{event_id}.{secrets.token_hex(8)}"
                conn.execute("UPDATE outbox SET visible_at = ?, receipt = ? WHERE id = ?",
                             (now + self._visibility, receipt, event_id))
                claimed.append(ReceivedEvent(ObjectCreated(zone, key, int(size), datetime.fromisoformat(at)), receipt))
        return claimed
