"""One run at a time per dataset and site: the lease in the Table, and micro-batching of pending inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mdap.adapters.clock import ControllableClock
from mdap.pipeline.events import Intake, Limits, PendingInput
from mdap.pipeline.runs import Lease, LeaseLost, RunRecords, RunRef
from mdap.ports.blobstore import ObjectCreated
from mdap.ports.errors import ConditionFailed
from tests.unit.fakes import InMemoryTable
from tests.unit.pipeline_orchestration.fakes import RecordingWorkflow

NOW = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
A = RunRef("sensor_readings-20250303T060000000000-aaaaaa", "sensor_readings", "plant-a")
B = RunRef("sensor_readings-20250303T060001000000-bbbbbb", "sensor_readings", "plant-a")


def _intake(table: InMemoryTable, workflow: RecordingWorkflow | None = None, *, max_objects: int = 100,
            max_bytes: int = 10_000, clock: ControllableClock | None = None) -> Intake:
    return Intake(table, workflow or RecordingWorkflow(), clock or ControllableClock(NOW), Lease(table, 600),
                  Limits(2, max_objects, max_bytes), ["sensor_readings", "production_orders"])


def _event(key: str, size: int = 10) -> ObjectCreated:
    return ObjectCreated("raw", key, size, NOW)


def test_the_lease_is_held_by_one_run_until_released_or_expired() -> None:
    lease = Lease(InMemoryTable(), 600)
    assert lease.acquire(A, NOW)
    assert lease.acquire(A, NOW)  # the holder asking again: still its
    assert not lease.acquire(B, NOW + timedelta(seconds=599))
    assert lease.holder("sensor_readings", "plant-a") == A.run_id
    assert lease.acquire(B, NOW + timedelta(seconds=601))  # A died without releasing: expired
    with pytest.raises(LeaseLost):
        lease.renew(A, NOW + timedelta(seconds=602))
    assert not lease.release(A)  # A cannot release B's lease
    assert lease.holder("sensor_readings", "plant-a") == B.run_id
    assert lease.release(B) and lease.holder("sensor_readings", "plant-a") is None
    assert lease.acquire(A, NOW)


def test_renewing_extends_the_lease() -> None:
    lease = Lease(InMemoryTable(), 600)
    lease.acquire(A, NOW)
    lease.renew(A, NOW + timedelta(seconds=500))
    assert not lease.acquire(B, NOW + timedelta(seconds=1000))


def test_two_contenders_for_a_free_lease_get_it_once() -> None:
    table = InMemoryTable()
    original = table.put
    raced: list[bool] = []

    def put_after_the_other(pk, sk, data, *, expect_version=None):  # type: ignore[no-untyped-def]
        if not raced:  # B writes between A's read and A's conditional write
            raced.append(True)
            original(pk, sk, {**B.as_json(), "until": NOW.timestamp() + 600}, expect_version=0)
        return original(pk, sk, data, expect_version=expect_version)

    table.put = put_after_the_other  # type: ignore[method-assign]
    assert not Lease(table, 600).acquire(A, NOW)
    assert Lease(table, 600).holder("sensor_readings", "plant-a") == B.run_id


def test_objects_are_routed_by_dataset_and_site_and_others_ignored() -> None:
    intake = _intake(InMemoryTable())
    assert intake.route("raw/sensor_readings/site=a/source=opcua/date=2025-03-03/hour=06/x.parquet") == (
        "sensor_readings", "a")
    assert intake.route("raw/production_orders/orders.csv") == ("production_orders", "unassigned")
    assert intake.route("raw/_reference/workers/site=a/workers.csv") is None
    assert intake.route("documents/x.pdf") is None


def test_a_burst_of_events_starts_one_run_per_partition() -> None:
    table, workflow = InMemoryTable(), RecordingWorkflow()
    intake = _intake(table, workflow)
    keys = [f"raw/sensor_readings/site=a/b-{i}.parquet" for i in range(5)]
    started = intake.receive([_event(k) for k in keys] + [_event("raw/sensor_readings/site=b/c.parquet"),
                                                          ObjectCreated("curated", "curated/x", 1, NOW)])
    assert len(started) == 2
    inputs = [input for _, input in workflow.started.values()]
    assert {i["run"]["site"] for i in inputs} == {"a", "b"} and {i["batch_seconds"] for i in inputs} == {2}
    assert intake.receive([_event("raw/sensor_readings/site=a/b-9.parquet")]) == []  # a's run holds the lease
    run = RunRef.of(next(i["run"] for i in inputs if i["run"]["site"] == "a"))
    assert [p.key for p in intake.claim(run)] == sorted([*keys, "raw/sensor_readings/site=a/b-9.parquet"])
    assert not intake.has_pending("sensor_readings", "a")


def test_a_claim_stops_at_the_object_and_byte_limits_and_the_rest_waits() -> None:
    table = InMemoryTable()
    intake = _intake(table, max_objects=3, max_bytes=25)
    for i in range(5):
        intake.enqueue("sensor_readings", "a", PendingInput(f"raw/sensor_readings/site=a/{i}", 10, NOW.isoformat()))
    run = RunRef(A.run_id, "sensor_readings", "a")
    assert [p.key for p in intake.claim(run)] == ["raw/sensor_readings/site=a/0", "raw/sensor_readings/site=a/1"]
    assert len(intake.claim(run)) == 2
    big = _intake(table, max_bytes=5)
    assert len(big.claim(run)) == 1  # an object bigger than the limit still goes, alone


def test_an_object_written_again_while_claimed_stays_for_the_next_run() -> None:
    table = InMemoryTable()
    intake = _intake(table)
    intake.enqueue("sensor_readings", "a", PendingInput("raw/sensor_readings/site=a/x", 1, NOW.isoformat()))
    original = table.delete

    def rewritten_first(pk, sk, *, expect_version=None):  # type: ignore[no-untyped-def]
        intake.enqueue("sensor_readings", "a", PendingInput(sk, 2, NOW.isoformat()))  # the object landed again
        return original(pk, sk, expect_version=expect_version)

    table.delete = rewritten_first  # type: ignore[method-assign]
    assert intake.claim(RunRef(A.run_id, "sensor_readings", "a")) == []
    assert intake.has_pending("sensor_readings", "a")


def test_a_finished_run_releases_and_starts_the_next_for_waiting_inputs() -> None:
    table, workflow = InMemoryTable(), RecordingWorkflow()
    intake = _intake(table, workflow)
    [first] = intake.receive([_event("raw/sensor_readings/site=a/1.parquet")])
    run = RunRef(first, "sensor_readings", "a")
    intake.claim(run)
    assert intake.after_run(run) is None  # nothing waits
    assert intake.receive([_event("raw/sensor_readings/site=a/2.parquet")]) != []
    second = RunRef(list(workflow.started)[-1], "sensor_readings", "a")
    intake.receive([_event("raw/sensor_readings/site=a/3.parquet")])  # waits behind the second run
    assert intake.after_run(second) is not None


def test_the_sweeper_starts_what_waits_behind_an_expired_lease() -> None:
    table, clock = InMemoryTable(), ControllableClock(NOW)
    intake = _intake(table, clock=clock)
    Lease(table, 600).acquire(A, NOW)  # a run that died holding the lease
    intake.receive([_event("raw/sensor_readings/site=plant-a/1.parquet")])
    assert intake.sweep() == []
    clock.advance(timedelta(minutes=11))
    assert len(intake.sweep()) == 1


def test_a_run_that_cannot_start_gives_its_lease_back() -> None:
    table = InMemoryTable()
    intake = _intake(table, RecordingWorkflow(fail=True))
    with pytest.raises(ConditionFailed):
        intake.receive([_event("raw/sensor_readings/site=a/1.parquet")])
    assert Lease(table, 600).holder("sensor_readings", "a") is None
    assert intake.has_pending("sensor_readings", "a")  # recorded before the start: the sweeper retries


def test_failed_inputs_wait_again_until_their_attempts_run_out() -> None:
    table = InMemoryTable()
    intake = _intake(table)
    run = RunRef(A.run_id, "sensor_readings", "a")
    inputs = [PendingInput("raw/x", 1, NOW.isoformat(), 0), PendingInput("raw/y", 1, NOW.isoformat(), 2)]
    assert intake.give_back(run, inputs) == ["raw/y"]
    [waiting] = intake.claim(run)
    assert (waiting.key, waiting.attempts) == ("raw/x", 1)


def test_run_records_list_newest_first_and_filter_by_dataset() -> None:
    records = RunRecords(InMemoryTable())
    for index, dataset in enumerate(["sensor_readings", "production_orders", "sensor_readings"]):
        run = RunRef(f"{dataset}-2025030{index}T000000000000-abcdef", dataset, "a")
        records.start(run, inputs=["raw/x"], source="event", now=NOW + timedelta(minutes=index))
        records.finish(run.run_id, status="succeeded", now=NOW + timedelta(minutes=index, seconds=3))
    assert [r["dataset"] for r in records.recent()] == ["sensor_readings", "production_orders", "sensor_readings"]
    assert [r["run_id"][-20:] for r in records.recent(dataset="sensor_readings", limit=1)] == [
        "20250302T000000000000-abcdef"[-20:]]
    assert records.recent()[0]["duration_s"] == 3.0
