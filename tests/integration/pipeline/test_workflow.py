"""preprocessing.asl.json on the local engine, end to end: raw objects in, curated rows, quarantine rows, quality
metrics and a run record out; re-runs, bursts, malformed objects and systemic failures.
R-PLT-2: automatic preprocessing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from asl_engine.durable import EXECUTION_PREFIX
from mdap.pipeline import events
from mdap.pipeline.tasks import stages
from tests.integration.pipeline.conftest import START, World, batch_key, readings, series

ROWS = "SELECT site, asset, tag, ts, value, quality, stuck, late FROM sensor_readings_clean ORDER BY asset, tag, ts"


def _batch(world: World, first: int, rows: list) -> str:  # type: ignore[type-arg]
    key = batch_key("plant-a", first, first + len(rows) - 1)
    world.put(key, readings(rows, first_seq=first))
    return key


def test_raw_objects_become_curated_rows_quarantine_rows_quality_and_a_run_record(world: World) -> None:
    good = series("imm1", "temp", START - timedelta(minutes=5), [200.0, 201.0, 202.0])
    bad = [("imm1", "temp", START - timedelta(minutes=4), 5.0e13, "good"),  # out of range
           ("imm1", "temp", START - timedelta(minutes=3), 1.0, "excellent")]  # not a quality value
    key = _batch(world, 1, good + bad)
    [run_id] = world.process()
    assert world.sql("SELECT count(*), min(value), max(value) FROM sensor_readings_clean") == [(3, 200.0, 202.0)]
    assert world.sql("SELECT \"date\", site FROM sensor_readings_clean GROUP BY 1, 2") == [("2025-03-03", "plant-a")]
    quarantined = world.sql("SELECT dataset, site, object, row_number, reason_code FROM quarantine ORDER BY 4")
    assert quarantined == [("sensor_readings", "plant-a", key, 4, "out_of_range"),
                           ("sensor_readings", "plant-a", key, 5, "invalid_value")]
    record = world.p.records.get(run_id)
    assert record["status"] == "succeeded" and record["inputs"] == [key]
    assert record["counts"] == {"objects": 1, "objects_rejected": 0, "rows_in": 5, "rows_out": 3, "duplicates": 0,
                                "quarantined": 2}
    assert record["quarantined_by_reason"] == {"invalid_value": 1, "out_of_range": 1}
    assert record["duration_s"] >= 0 and record["source"] == "event"
    assert world.sql("SELECT tag, \"rows\", quarantined FROM data_quality") == [("temp", 3, 2)]
    assert world.sql("SELECT asset, tag, \"count\", \"min\", \"max\", \"last\" FROM sensor_rollup_1m") == [
        ("imm1", "temp", 3, 200.0, 202.0, 202.0)]
    assert world.p.lease.holder("sensor_readings", "plant-a") is None  # released
    assert list(world.p.work.list("work/")) == []  # the run's work files are gone


def test_rerunning_the_same_objects_gives_identical_curated_rows(world: World) -> None:
    _batch(world, 1, series("imm1", "temp", START - timedelta(minutes=5), [200.0, 201.0, 202.0]))
    _batch(world, 4, series("imm2", "temp", START - timedelta(minutes=5), [210.0, 211.0]))
    world.process()
    first = world.sql(ROWS)
    rollup = world.sql("SELECT * FROM sensor_rollup_1m ORDER BY asset, tag, minute")
    for info in list(world.c.blobs["raw"].list("raw/sensor_readings/")):  # the same objects land again
        world.put(info.key, world.c.blobs["raw"].get(info.key))
    [rerun] = world.process()
    assert world.sql(ROWS) == first and len(first) == 5
    assert world.sql("SELECT * FROM sensor_rollup_1m ORDER BY asset, tag, minute") == rollup
    assert world.p.records.get(rerun)["counts"]["duplicates"] == 5


def test_a_burst_of_small_objects_becomes_one_run(world: World) -> None:
    for index in range(12):
        moment = START - timedelta(minutes=30) + timedelta(seconds=index)
        _batch(world, index + 1, [("imm1", "temp", moment, 200.0 + index, "good")])
    started = world.process()
    assert len(started) == 1
    assert world.p.records.get(started[0])["input_count"] == 12
    assert world.sql("SELECT count(*) FROM sensor_readings_clean") == [(12,)]


def test_events_for_a_partition_with_a_run_wait_and_run_after_it(world: World) -> None:
    _batch(world, 1, series("imm1", "temp", START - timedelta(minutes=9), [1.0]))
    [first] = world.deliver()
    _batch(world, 2, series("imm1", "temp", START - timedelta(minutes=8), [2.0]))
    assert world.deliver() == []  # the partition's lease is held: the object waits
    assert world.p.intake.waiting() == [("sensor_readings", "plant-a")]
    other = batch_key("plant-b", 1, 1)
    world.put(other, readings(series("imm1", "temp", START - timedelta(minutes=9), [3.0])))
    assert len(world.deliver()) == 1  # another site is another partition: its own run at once
    world.drain()
    runs = {r["run_id"]: r for r in world.p.records.recent()}
    assert first in runs and runs[first]["input_count"] == 2  # the waiting object joined the batch before its claim
    assert world.sql("SELECT site, count(*) FROM sensor_readings_clean GROUP BY site ORDER BY site") == [
        ("plant-a", 2), ("plant-b", 1)]


def test_inputs_arriving_after_the_claim_start_the_next_run_when_the_first_ends(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    landed: list[str] = []
    started_meanwhile: list[str] = []
    claim = stages.claim

    def claim_then_land(p, run, **kw):  # type: ignore[no-untyped-def]
        result = claim(p, run, **kw)
        if not landed:  # an object lands while the first run is past its claim
            landed.append(_batch(world, 50, series("imm1", "temp", START - timedelta(minutes=2), [7.0])))
            started_meanwhile.extend(world.deliver())
        return result

    monkeypatch.setitem(__import__("mdap.pipeline.tasks", fromlist=["STEPS"]).STEPS, "claim", claim_then_land)
    _batch(world, 1, series("imm1", "temp", START - timedelta(minutes=3), [6.0]))
    [first] = world.deliver()
    world.drain()
    assert started_meanwhile == []  # no second run while the first held the lease
    records = {r["run_id"]: r for r in world.p.records.recent()}
    assert len(records) == 2 and {r["status"] for r in records.values()} == {"succeeded"}
    assert records[first]["inputs"] != landed  # the late object went to the second run
    assert [r["inputs"] for r in records.values() if r["run_id"] != first] == [landed]
    assert world.sql("SELECT count(*) FROM sensor_readings_clean") == [(2,)]


def test_malformed_objects_are_quarantined_and_never_fail_the_run(world: World) -> None:
    good = _batch(world, 1, series("imm1", "temp", START - timedelta(minutes=5), [200.0]))
    broken = batch_key("plant-a", 100, 110)
    world.put(broken, b"PAR1 this is not parquet at all")
    empty = batch_key("plant-a", 200, 210)
    world.put(empty, b"")
    [run_id] = world.process()
    record = world.p.records.get(run_id)
    assert record["status"] == "succeeded" and record["counts"]["objects_rejected"] == 1
    assert world.sql("SELECT object, row_number, reason_code FROM quarantine") == [(broken, 0, "unreadable_object")]
    assert world.sql("SELECT count(*) FROM sensor_readings_clean") == [(1,)]
    assert sorted(record["inputs"]) == sorted([good, broken, empty])


def test_a_systemic_error_fails_the_run_loudly_and_its_inputs_wait_again(world: World,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(p, run):  # type: ignore[no-untyped-def]
        raise RuntimeError("reference store unreachable")

    monkeypatch.setitem(__import__("mdap.pipeline.tasks", fromlist=["STEPS"]).STEPS, "enrich", broken)
    key = _batch(world, 1, series("imm1", "temp", START - timedelta(minutes=5), [200.0]))
    [run_id] = world.process()
    record = world.p.records.get(run_id)
    assert record["status"] == "failed" and record["error"] == "RuntimeError"
    assert "reference store unreachable" in record["cause"]
    execution = world.c.workflow.describe(f"{EXECUTION_PREFIX}preprocessing:{run_id}")
    assert (execution.status, execution.error) == ("FAILED", "PipelineRunFailed")
    assert world.p.lease.holder("sensor_readings", "plant-a") is None
    pending = world.c.table.get("PIPELINE#PENDING#sensor_readings#plant-a", key)
    assert pending is not None and pending.data["attempts"] == 1  # waits again; the sweeper restarts it
    assert world.sql("SELECT count(*) FROM sensor_readings_clean") == [(0,)]
    monkeypatch.undo()
    [again] = world.p.intake.sweep()
    world.drain()
    assert world.p.records.get(again)["status"] == "succeeded"
    assert world.sql("SELECT count(*) FROM sensor_readings_clean") == [(1,)]


def test_objects_out_of_attempts_are_left_for_a_person(world: World) -> None:
    world.p.intake.enqueue("sensor_readings", "plant-a", events.PendingInput("raw/x", 1, START.isoformat(), 2))
    from mdap.pipeline.runs import RunRef

    run = RunRef("sensor_readings-20250303T000000000000-abcdef", "sensor_readings", "plant-a")
    taken = world.p.intake.claim(run)
    assert world.p.intake.give_back(run, taken) == ["raw/x"]
    assert world.p.intake.waiting() == []


def test_concurrent_events_for_one_partition_give_one_run_at_a_time(world: World,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    import mdap.pipeline.tasks as handlers

    active: dict[str, int] = {}
    peak = [0]
    guard = threading.Lock()
    write = stages.write

    def counted_write(p, run):  # type: ignore[no-untyped-def]
        with guard:
            active[run.site] = active.get(run.site, 0) + 1
            peak[0] = max(peak[0], active[run.site])
        try:
            time.sleep(0.05)  # long enough for the other threads' events to arrive meanwhile
            return write(p, run)
        finally:
            with guard:
                active[run.site] -= 1

    monkeypatch.setitem(handlers.STEPS, "write", counted_write)
    workflow = world.c.workflow
    workflow.start_runner()  # type: ignore[attr-defined]
    try:
        def land(thread: int) -> None:
            for index in range(5):
                first = thread * 100 + index
                moment = START - timedelta(minutes=20) + timedelta(seconds=first)
                _batch(world, first, [("imm1", "temp", moment, float(first), "good")])
                world.deliver()
                time.sleep(0.01)

        threads = [threading.Thread(target=land, args=(t,)) for t in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        deadline = time.monotonic() + 60
        while (world.p.intake.waiting() or workflow.engine.runs) and time.monotonic() < deadline:  # type: ignore[attr-defined]
            world.deliver()
            time.sleep(0.1)
    finally:
        workflow.stop_runner()  # type: ignore[attr-defined]
    assert peak[0] == 1
    assert world.sql("SELECT count(*), count(DISTINCT ts) FROM sensor_readings_clean") == [(20, 20)]
    records = world.p.records.recent(limit=100)
    assert {r["status"] for r in records} == {"succeeded"}
    assert sum(r["input_count"] for r in records) == 20  # each object processed exactly once
