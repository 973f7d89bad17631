"""SQLite persistence of executions, frames, history events and tokens (WAL, one writer)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from .events import PAYLOADS, Compact, expand
from .frames import Frame

_SCHEMA = """
CREATE TABLE IF NOT EXISTS executions (
  arn TEXT PRIMARY KEY, state_machine TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, started REAL NOT NULL, stopped REAL,
  next_id INTEGER NOT NULL, event_count INTEGER NOT NULL, deadline REAL, parent TEXT);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions(status);
CREATE TABLE IF NOT EXISTS frames (arn TEXT NOT NULL, id INTEGER NOT NULL, token TEXT, row TEXT NOT NULL,
  PRIMARY KEY (arn, id));
CREATE INDEX IF NOT EXISTS frames_by_token ON frames(token) WHERE token IS NOT NULL;
CREATE TABLE IF NOT EXISTS history (arn TEXT NOT NULL, first INTEGER NOT NULL, events TEXT NOT NULL,
  PRIMARY KEY (arn, first)) WITHOUT ROWID;
"""
_COLUMNS = ("arn", "state_machine", "name", "status", "input", "output", "error", "cause", "started",
            "stopped", "next_id", "event_count", "deadline", "parent")
# What changes after the row is written. An UPDATE of these leaves the (possibly large) input's pages as they
# are; INSERT OR REPLACE would rewrite them with every commit (every Task result of a Map over a long list).
_PROGRESS = ("status", "output", "error", "cause", "stopped", "next_id", "event_count", "deadline")
_UPDATE = f"UPDATE executions SET {','.join(c + '=?' for c in _PROGRESS)} WHERE arn=?"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    return _ENCODER.encode(value)


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # owner-only before SQLite writes (its -wal/-shm files take the database file's mode)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a process kill
        self.db.executescript(_SCHEMA)
        _fold_event_rows(self.db)
        self.lock = threading.RLock()

    def close(self) -> None:
        self.db.close()

    def save(self, execution: dict[str, Any], frames: list[Frame], deleted: list[int],
             events: list[Compact], *, existing: bool = False) -> None:
        """One transaction: the execution row, changed frames, removed frames and new events.

        The events of one commit are one history page (a JSON array of compact events): one encoding and
        one row per commit instead of one per event.
        """
        arn = execution["arn"]
        with self.lock:
            self.db.execute("BEGIN")
            try:
                if existing:
                    self.db.execute(_UPDATE, [*(execution[c] for c in _PROGRESS), arn])
                else:
                    self.db.execute(f"INSERT OR REPLACE INTO executions ({','.join(_COLUMNS)}) VALUES "
                                    f"({','.join('?' * len(_COLUMNS))})", [execution[c] for c in _COLUMNS])
                self.db.executemany("INSERT OR REPLACE INTO frames VALUES (?,?,?,?)",
                                    [(arn, f.id, f.token, dumps(f.to_row())) for f in frames])
                self.db.executemany("DELETE FROM frames WHERE arn=? AND id=?", [(arn, i) for i in deleted])
                if events:
                    self.db.execute("INSERT OR REPLACE INTO history VALUES (?,?,?)", (arn, events[0][0], dumps(events)))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def execution(self, arn: str) -> dict[str, Any] | None:
        with self.lock:
            row = self.db.execute(f"SELECT {','.join(_COLUMNS)} FROM executions WHERE arn=?", (arn,)).fetchone()
        return dict(zip(_COLUMNS, row, strict=True)) if row else None

    def executions(self, status: str | None = None, state_machine: str | None = None) -> list[dict[str, Any]]:
        sql, args = f"SELECT {','.join(_COLUMNS)} FROM executions WHERE 1=1", list[str]()
        if status:
            sql, args = sql + " AND status=?", [*args, status]
        if state_machine:
            sql, args = sql + " AND state_machine=?", [*args, state_machine]
        with self.lock:
            rows = self.db.execute(sql + " ORDER BY started, arn", args).fetchall()
        return [dict(zip(_COLUMNS, r, strict=True)) for r in rows]

    def frames(self, arn: str) -> list[Frame]:
        with self.lock:
            rows = self.db.execute("SELECT row FROM frames WHERE arn=? ORDER BY id", (arn,)).fetchall()
        return [Frame.from_row(json.loads(r[0])) for r in rows]

    def events(self, arn: str) -> list[dict[str, Any]]:
        with self.lock:
            pages = self.db.execute("SELECT events FROM history WHERE arn=? ORDER BY first", (arn,)).fetchall()
        return [expand(entry) for page in pages for entry in json.loads(page[0])]

    def token_owner(self, token: str) -> str | None:
        with self.lock:
            row = self.db.execute("SELECT arn FROM frames WHERE token=?", (token,)).fetchone()
        return row[0] if row else None


def _fold_event_rows(db: sqlite3.Connection) -> None:
    """Files written before history pages kept one `events` row per event: fold them into one page each."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchone() is None:
        return
    pages: dict[str, list[Any]] = {}
    for arn, row in db.execute("SELECT arn, row FROM events ORDER BY arn, id").fetchall():
        pages.setdefault(arn, []).append(_compact(json.loads(row)))
    db.execute("BEGIN")
    db.executemany("INSERT OR REPLACE INTO history VALUES (?,?,?)",
                   [(arn, page[0][0], dumps(page)) for arn, page in pages.items()])
    db.execute("DROP TABLE events")
    db.execute("COMMIT")


def _compact(event: dict[str, Any]) -> list[Any]:
    """An old per-event row: payloads were JSON text (ExecutionStarted) or {"\\u0000raw": value}."""
    details = next((v for k, v in event.items() if k.endswith("EventDetails")), None)
    for key in PAYLOADS:
        value = details.get(key) if details else None
        if isinstance(value, dict) and "\u0000raw" in value:
            details[key] = value["\u0000raw"]  # type: ignore[index]
        elif isinstance(value, str):
            details[key] = json.loads(value)  # type: ignore[index]
    return [event["id"], event["previousEventId"], event["timestamp"], event["type"], details]
