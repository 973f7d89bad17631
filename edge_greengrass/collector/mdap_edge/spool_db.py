"""The spool's SQLite file: chunks, planned batches, watermarks and counters (see spool.py).

WAL with synchronous=FULL: a COMMIT is on disk before it returns, so a power cut loses nothing committed.
One connection per thread (the commit thread, the uploader, status); SQLite serialises the writers.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (
    first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, rows INTEGER NOT NULL, bytes INTEGER NOT NULL,
    received REAL NOT NULL, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL,
    rows INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS marks (asset TEXT NOT NULL, tag TEXT NOT NULL, ts INTEGER NOT NULL,
    PRIMARY KEY (asset, tag)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
"""
_MARK = ("INSERT INTO marks (asset, tag, ts) VALUES (?, ?, ?) "
         "ON CONFLICT (asset, tag) DO UPDATE SET ts = max(ts, excluded.ts)")
_META = "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value"


@dataclass
class SpoolState:
    next_seq: int
    planned_upto: int
    refused: int
    duplicates: int
    rows: int
    bytes: int
    marks: dict[str, dict[str, int]]
    unbatched: list[tuple[int, int, int, int, float]]  # first_seq, last_seq, rows, bytes, received


class SpoolDb:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._path = path
        self._local = threading.local()
        self._conn().executescript(_SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def load(self) -> SpoolState:
        conn = self._conn()
        meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
        if "next_seq" not in meta:
            # A new spool starts at the current time in microseconds: a device whose spool was lost never
            # reuses the sequence numbers (and so the object keys) of readings it sent before.
            meta["next_seq"] = time.time_ns() // 1000
            with self._write() as write:
                write.execute(_META, ("next_seq", meta["next_seq"]))
        planned = int(meta.get("planned_upto", 0))
        marks: dict[str, dict[str, int]] = {}
        for asset, tag, ts in conn.execute("SELECT asset, tag, ts FROM marks"):
            marks.setdefault(asset, {})[tag] = ts
        rows, size = conn.execute("SELECT coalesce(sum(rows), 0), coalesce(sum(bytes), 0) FROM chunks").fetchone()
        unbatched = conn.execute("SELECT first_seq, last_seq, rows, bytes, received FROM chunks WHERE first_seq > ? "
                                 "ORDER BY first_seq", (planned,)).fetchall()
        return SpoolState(int(meta["next_seq"]), planned, int(meta.get("refused", 0)),
                          int(meta.get("duplicates", 0)), int(rows), int(size), marks, unbatched)

    def commit(self, chunks: Sequence[tuple[object, ...]], marks: Sequence[tuple[str, str, int]], next_seq: int,
               refused: int, duplicates: int) -> None:
        with self._write() as conn:
            conn.executemany("INSERT INTO chunks (first_seq, last_seq, rows, bytes, received, payload) "
                             "VALUES (?, ?, ?, ?, ?, ?)", chunks)
            conn.executemany(_MARK, marks)
            conn.executemany(_META, [("next_seq", next_seq), ("refused", refused), ("duplicates", duplicates)])

    def plan(self, first_seq: int, last_seq: int, rows: int) -> int:
        with self._write() as conn:
            cursor = conn.execute("INSERT INTO batches (first_seq, last_seq, rows) VALUES (?, ?, ?)",
                                  (first_seq, last_seq, rows))
            conn.execute(_META, ("planned_upto", last_seq))
            return int(cursor.lastrowid or 0)

    def batches(self) -> list[tuple[int, int, int, int]]:
        return self._conn().execute("SELECT id, first_seq, last_seq, rows FROM batches ORDER BY id").fetchall()

    def batch_count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM batches").fetchone()[0])

    def payloads(self, first_seq: int, last_seq: int) -> list[bytes]:
        return [row[0] for row in self._conn().execute(
            "SELECT payload FROM chunks WHERE first_seq BETWEEN ? AND ? ORDER BY first_seq", (first_seq, last_seq))]

    def ack(self, batch_id: int, first_seq: int, last_seq: int) -> tuple[int, int]:
        """Delete a batch and its chunks; return the rows and bytes freed (0, 0 if already acknowledged)."""
        with self._write() as conn:
            rows, size = conn.execute("SELECT coalesce(sum(rows), 0), coalesce(sum(bytes), 0) FROM chunks "
                                      "WHERE first_seq BETWEEN ? AND ?", (first_seq, last_seq)).fetchone()
            conn.execute("DELETE FROM chunks WHERE first_seq BETWEEN ? AND ?", (first_seq, last_seq))
            conn.execute("DELETE FROM batches WHERE id = ?", (batch_id,))
        return int(rows), int(size)

    def oldest_received(self) -> float | None:
        row = self._conn().execute("SELECT received FROM chunks ORDER BY first_seq LIMIT 1").fetchone()
        return float(row[0]) if row else None
