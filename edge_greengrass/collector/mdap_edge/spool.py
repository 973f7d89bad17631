"""The durable spool between sources and uploader: one SQLite file (WAL, synchronous=FULL) per collector.

Sources ``append`` readings into a memory buffer (never waiting on the disk, the encoder or the store); a
commit thread writes the buffer as Arrow chunks in one transaction at least every ``commit_seconds`` (group
commit), so a reading is durable within that time of being received. Each commit gives the chunk its
sequence numbers and moves the tags' watermarks. The uploader plans batches over committed chunks (a
persisted seq range, so a batch cut before a crash is cut the same after it) and deletes a batch's chunks
only when the store acknowledged it (``ack``).

Bounded: committed payload bytes plus an estimate for the buffer never exceed ``max_bytes``. When full,
``block`` makes ``append`` wait (back-pressure on the source) and ``refuse_newest`` drops the new readings
and counts them (``refused``, reported in status). Nothing is ever overwritten.

Identity: a reading whose ts is not newer than its (asset, tag)'s watermark (the newest ts ever spooled for
it) is dropped and counted as ``duplicates``. That is what keeps an OPC UA value re-sent after a reconnect
or restart out of the lake; watermarks are committed with the chunks, so they survive restarts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from mdap_edge import codec
from mdap_edge.reading import Reading
from mdap_edge.spool_db import SpoolDb

log = logging.getLogger("mdap_edge.spool")
BYTES_PER_READING_GUESS = 48  # until the first chunks tell the real compressed size
MAX_BUFFERED = 200_000  # readings waiting for the group commit: bounds memory, whatever the spool's size
COMMIT_RESERVE_BYTES = 4096  # a chunk's own overhead (Arrow schema, buffers), never counted in per-row sizes


class Appended(NamedTuple):
    accepted: int
    ticket: int  # durable once Spool.durable_ticket >= ticket


@dataclass(frozen=True)
class Batch:
    id: int
    first_seq: int
    last_seq: int
    rows: int


@dataclass(frozen=True)
class SpoolStats:
    readings: int  # received, not yet acknowledged by the store (buffered + committed)
    bytes: int
    max_bytes: int
    when_full: str
    oldest_received: float | None  # epoch seconds
    refused: int  # cumulative, survives restarts
    duplicates: int  # cumulative, survives restarts
    batches_pending: int
    commit_error: str | None


@dataclass
class _Chunk:
    first_seq: int
    last_seq: int
    rows: int
    bytes: int
    received: float


class Spool:
    def __init__(self, directory: Path, *, max_bytes: int, when_full: str, commit_seconds: float = 0.2,
                 chunk_rows: int = 8192, observe: Callable[[list[codec.Latest]], None] | None = None) -> None:
        if when_full not in ("block", "refuse_newest"):
            raise ValueError(f"when_full must be block or refuse_newest, not {when_full!r}")
        self.max_bytes = max_bytes
        self.when_full = when_full
        self._commit_seconds = commit_seconds
        self._chunk_rows = chunk_rows
        self._observe = observe  # told each tag's newest committed reading (status: last values)
        self._db = SpoolDb(Path(directory) / "spool.sqlite3")
        state = self._db.load()
        self._marks = state.marks
        self._next_seq = state.next_seq
        self._refused, self._duplicates = state.refused, state.duplicates
        self._unbatched: deque[_Chunk] = deque(_Chunk(*row) for row in state.unbatched)
        self._committed_rows, self._committed_bytes = state.rows, state.bytes
        # Per-row sizes of recent chunks; the largest is the estimate for what is buffered (it errs high).
        self._recent_sizes: deque[float] = deque([state.bytes / state.rows] if state.rows else [], maxlen=16)
        self._bytes_per_row = max(self._recent_sizes, default=BYTES_PER_READING_GUESS)
        self._lock = threading.Condition()
        self._buffer: list[Reading] = []
        self._buffer_since: float | None = None
        self._ticket = self.durable_ticket = 0
        self._flush_wanted = self._closing = self._finishing = False
        self._commit_error: str | None = None
        self._thread = threading.Thread(target=self._commit_loop, name="spool-commit", daemon=True)
        self._thread.start()

    # --- sources ---------------------------------------------------------------------------------------
    def append(self, readings: Sequence[Reading]) -> Appended:
        """Accept fresh readings (see the module doc for duplicates and a full spool)."""
        with self._lock:
            self._wait_for_commit()
            if self.when_full == "block":
                accepted = self._accept_blocking(readings)
            else:
                accepted = self._accept(readings, self._room())
            if readings:  # new rows or new counts: both need committing
                self._buffer_since = self._buffer_since or time.time()
            if accepted:
                self._ticket += 1
                if len(self._buffer) >= 4 * self._chunk_rows:
                    self._lock.notify_all()
            return Appended(accepted, self._ticket)

    def _wait_for_commit(self) -> None:
        """A source faster than the disk waits for the group commit (memory stays bounded); not a refusal."""
        while len(self._buffer) >= MAX_BUFFERED and not self._closing:
            self._flush_wanted = True
            self._lock.notify_all()
            self._lock.wait(0.1)

    def _accept_blocking(self, readings: Sequence[Reading]) -> int:
        """As much as fits, then wait for room for the rest; gives up only when shutting down."""
        accepted, rest = 0, readings
        while rest:
            while not self._closing and self._room() < 1:
                self._buffer_since = self._buffer_since or time.time()
                self._lock.notify_all()  # commit what is buffered: the uploader can only free committed rows
                self._lock.wait(0.5)
            self._wait_for_commit()
            room = self._room()
            if room < 1:  # shutting down on a full spool: the rest is not accepted (and not counted)
                break
            accepted += self._accept(rest[:room], room)
            rest = rest[room:]
        return accepted

    def _accept(self, readings: Sequence[Reading], room: int) -> int:
        """The hot path: watermark check per reading, into the buffer. Caller holds the lock."""
        marks, buffer, accepted, duplicates = self._marks, self._buffer, 0, 0
        for item in readings:
            per_asset = marks.get(item[0])
            if per_asset is None:
                per_asset = marks[item[0]] = {}
            if item[2] <= per_asset.get(item[1], -(2**62)):
                duplicates += 1
            elif accepted < room:
                per_asset[item[1]] = item[2]
                buffer.append(item)
                accepted += 1
        self._duplicates += duplicates
        self._refused += len(readings) - accepted - duplicates
        return accepted

    def _room(self) -> int:
        used = self._committed_bytes + len(self._buffer) * self._bytes_per_row + COMMIT_RESERVE_BYTES
        return max(0, int((self.max_bytes - used) / self._bytes_per_row))

    def wait_durable(self, ticket: int, timeout: float) -> bool:
        """Wait until everything appended up to ``ticket`` is committed (asking for a commit now); False on
        timeout. With ``timeout`` 0 it only tells whether ``ticket`` is durable already."""
        deadline = time.monotonic() + timeout
        with self._lock:
            if timeout > 0 and self.durable_ticket < ticket:
                self._flush_wanted = True
                self._lock.notify_all()
            while self.durable_ticket < ticket:
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    return False
                self._lock.wait(min(left, 0.1))
        return True

    def flush(self, timeout: float = 5.0) -> bool:
        with self._lock:
            ticket = self._ticket
        return self.wait_durable(ticket, timeout)

    # --- group commit ----------------------------------------------------------------------------------
    def _commit_loop(self) -> None:
        while True:
            with self._lock:
                while not self._due():
                    if self._finishing and self._buffer_since is None:
                        return
                    self._lock.wait(self._wait_seconds())
                rows, ticket, self._buffer, self._buffer_since = self._buffer, self._ticket, [], None
                self._flush_wanted = False
                counters = (self._refused, self._duplicates)
            self._commit(rows, ticket, counters)

    def _due(self) -> bool:
        if self._buffer_since is None:  # nothing buffered, no counter changed
            return False
        if self._finishing or self._flush_wanted:
            return True
        waited = time.time() - (self._buffer_since or time.time())
        return waited >= self._commit_seconds or len(self._buffer) >= 4 * self._chunk_rows

    def _wait_seconds(self) -> float:
        if self._buffer_since is None:
            return 0.5
        return max(0.001, self._buffer_since + self._commit_seconds - time.time())

    def _commit(self, rows: list[Reading], ticket: int, counters: tuple[int, int]) -> None:
        received = time.time()
        try:
            chunks, payloads, latest = self._encode(rows, received)
            self._db.commit(payloads, [row[:3] for row in latest], self._next_seq + len(rows), *counters)
        except Exception as exc:  # disk full, I/O error: keep the rows, retry at the next commit
            log.exception("spool commit failed; readings stay in memory and are retried")
            with self._lock:
                self._commit_error = f"{type(exc).__name__}: {exc}"
                self._buffer[:0] = rows
                self._buffer_since = min(self._buffer_since or received, received)
            time.sleep(0.2)
            return
        with self._lock:
            self._next_seq += len(rows)
            self._unbatched.extend(chunks)
            self._committed_rows += len(rows)
            self._committed_bytes += sum(chunk.bytes for chunk in chunks)
            self._recent_sizes.extend(chunk.bytes / chunk.rows for chunk in chunks)
            self._bytes_per_row = max(self._recent_sizes, default=BYTES_PER_READING_GUESS)
            self.durable_ticket = max(self.durable_ticket, ticket)
            self._commit_error = None
            self._lock.notify_all()
        if self._observe is not None and latest:
            try:
                self._observe(latest)
            except Exception:  # status is an extra: never let it stop the commits
                log.exception("the spool's observer failed")

    def _encode(self, rows: list[Reading], received: float) -> tuple[list[_Chunk], list[tuple[object, ...]],
                                                                      list[codec.Latest]]:
        chunks: list[_Chunk] = []
        payloads: list[tuple[object, ...]] = []
        tables: list[pa.Table] = []
        for start in range(0, len(rows), self._chunk_rows):
            part = rows[start:start + self._chunk_rows]
            first = self._next_seq + start
            table = codec.to_table(part, first)
            payload = codec.encode(table)
            chunk = _Chunk(first, first + len(part) - 1, len(part), len(payload), received)
            chunks.append(chunk)
            payloads.append((chunk.first_seq, chunk.last_seq, chunk.rows, chunk.bytes, chunk.received, payload))
            tables.append(table)
        # each tag's newest row: its watermark (ts) for the database, its value for the status record
        latest = codec.latest_per_tag(pa.concat_tables(tables)) if tables else []
        return chunks, payloads, latest

    # --- uploader --------------------------------------------------------------------------------------
    def oldest_unbatched(self) -> float | None:
        """When the oldest reading not yet in a batch was received (epoch seconds), committed or not."""
        with self._lock:
            times = [self._unbatched[0].received] if self._unbatched else []
            if self._buffer_since is not None:
                times.append(self._buffer_since)
            return min(times) if times else None

    def unbatched_rows(self) -> int:
        with self._lock:
            return sum(chunk.rows for chunk in self._unbatched)

    def plan_batch(self, max_rows: int) -> Batch | None:
        """Cut the next batch from committed chunks (at most max_rows, at least one chunk) and persist it."""
        with self._lock:
            taken: list[_Chunk] = []
            while self._unbatched and (not taken or sum(c.rows for c in taken) + self._unbatched[0].rows <= max_rows):
                taken.append(self._unbatched.popleft())
        if not taken:
            return None
        batch_id = self._db.plan(taken[0].first_seq, taken[-1].last_seq, sum(c.rows for c in taken))
        return Batch(batch_id, taken[0].first_seq, taken[-1].last_seq, sum(c.rows for c in taken))

    def pending_batches(self) -> list[Batch]:
        """Batches planned and not yet acknowledged, oldest first (after a restart: those cut before it)."""
        return [Batch(*row) for row in self._db.batches()]

    def read_batch(self, batch: Batch) -> pa.Table:
        return codec.decode(self._db.payloads(batch.first_seq, batch.last_seq))

    def ack(self, batch: Batch) -> None:
        """The store holds the batch: its readings leave the spool."""
        rows, freed = self._db.ack(batch.id, batch.first_seq, batch.last_seq)
        with self._lock:
            self._committed_rows -= rows
            self._committed_bytes -= freed
            self._lock.notify_all()

    # --- status and life -------------------------------------------------------------------------------
    def stats(self) -> SpoolStats:
        oldest_committed, batches = self._db.oldest_received(), self._db.batch_count()
        with self._lock:
            return SpoolStats(
                readings=self._committed_rows + len(self._buffer),
                bytes=int(self._committed_bytes + len(self._buffer) * self._bytes_per_row),
                max_bytes=self.max_bytes, when_full=self.when_full,
                oldest_received=oldest_committed if oldest_committed is not None else self._buffer_since,
                refused=self._refused, duplicates=self._duplicates,
                batches_pending=batches, commit_error=self._commit_error,
            )  # fmt: skip

    def release_waiters(self) -> None:
        """Shutting down: sources blocked on a full spool give up (their readings are not accepted)."""
        with self._lock:
            self._closing = True
            self._lock.notify_all()

    def close(self, timeout: float = 5.0) -> bool:
        """Commit what is buffered and stop committing (call once the sources have stopped). False if the
        last commit did not finish in time (what it held is lost, as with kill -9)."""
        self.release_waiters()
        with self._lock:
            self._finishing = True
            self._lock.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()
