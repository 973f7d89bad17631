"""The spool on a real SQLite file: group commit within 1 s, watermarks and counters across restarts, planned
batches that survive a restart unchanged, a bounded size under both policies."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from mdap_edge.reading import Reading
from mdap_edge.spool import Spool


def _rows(n: int, start: int = 1, tag: str = "temp") -> list[Reading]:
    return [("press1", tag, 1_700_000_000_000_000 + i, float(i), None, "good", "opcua")
            for i in range(start, start + n)]


def _committed(path: Path) -> int:
    with sqlite3.connect(path / "spool.sqlite3") as conn:
        return int(conn.execute("SELECT coalesce(sum(rows), 0) FROM chunks").fetchone()[0])


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    return Spool(tmp_path, max_bytes=50_000_000, when_full="block", commit_seconds=0.2)


def test_a_reading_is_on_disk_within_one_second_of_being_received(spool: Spool, tmp_path: Path) -> None:
    for _ in range(3):
        before = _committed(tmp_path)
        received = time.monotonic()
        spool.append(_rows(10, start=before + 1))
        while _committed(tmp_path) == before:  # another connection, as a process after a power cut would see it
            assert time.monotonic() - received < 1.0, "not durable within 1 s"
            time.sleep(0.01)
    spool.close()


def test_watermarks_and_counters_survive_a_restart(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=50_000_000, when_full="block")
    assert spool.append(_rows(5)).accepted == 5
    assert spool.append(_rows(5)).accepted == 0  # the same identities again: held already
    spool.close()
    again = Spool(tmp_path, max_bytes=50_000_000, when_full="block")
    assert again.append(_rows(3, start=4)).accepted == 1  # 4 and 5 are held, 6 is new
    assert again.stats().duplicates == 7
    assert again.stats().readings == 6
    again.close()


def test_a_batch_planned_before_a_restart_is_the_same_batch_after_it(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=50_000_000, when_full="block", chunk_rows=100)
    spool.append(_rows(250))
    spool.flush()
    batch = spool.plan_batch(200)
    assert batch is not None and batch.rows == 200
    seqs = spool.read_batch(batch)["seq"].to_pylist()
    spool.append(_rows(50, start=1000))
    spool.close()
    again = Spool(tmp_path, max_bytes=50_000_000, when_full="block", chunk_rows=100)
    assert again.pending_batches() == [batch]
    assert again.read_batch(batch)["seq"].to_pylist() == seqs
    again.ack(batch)
    assert again.pending_batches() == [] and again.stats().readings == 100
    nxt = again.plan_batch(10_000)
    assert nxt is not None and nxt.first_seq == batch.last_seq + 1 and nxt.rows == 100
    again.close()


def test_refuse_newest_keeps_the_spool_bounded_and_counts_what_it_dropped(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=60_000, when_full="refuse_newest", chunk_rows=500)
    accepted = sum(spool.append(_rows(500, start=1 + i * 500)).accepted for i in range(20))
    spool.flush()
    stats = spool.stats()
    assert stats.bytes <= 60_000 and accepted < 10_000
    assert stats.refused == 10_000 - accepted and stats.readings == accepted
    spool.close()


def test_block_waits_for_room_and_continues_when_a_batch_is_acknowledged(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=40_000, when_full="block", chunk_rows=500)
    n = 0
    while spool.stats().bytes < 25_000:
        spool.append(_rows(500, start=1 + n))
        n += 500
        spool.flush()
    done = threading.Event()

    def producer() -> None:
        spool.append(_rows(2_000, start=1 + n))
        done.set()

    threading.Thread(target=producer, daemon=True).start()
    assert not done.wait(1.0), "append must wait while the spool is full"
    deadline = time.monotonic() + 10
    while not done.is_set() and time.monotonic() < deadline:  # the uploader's part: acknowledged batches free room
        batch = spool.plan_batch(100_000)
        if batch is None:
            time.sleep(0.05)
        else:
            spool.ack(batch)
    assert done.is_set(), "append continues as room is freed"
    spool.flush()
    assert spool.stats().refused == 0 and spool.stats().bytes <= 40_000
    spool.close()
