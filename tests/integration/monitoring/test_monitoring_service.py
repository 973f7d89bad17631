"""The monitoring service over the real SQLite Table: status records written as the collector writes them, run
records as the pipeline writes them, alarms raised, escalated, acknowledged and cleared, notices and the audit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.identity import LocalIdentity
from mdap.adapters.local.outbox import LocalOutbox
from mdap.adapters.local.table import SqliteTable
from mdap.domain.identity import Principal
from mdap.domain.monitoring.errors import IllegalAlarmTransition
from mdap.domain.monitoring.thresholds import Thresholds
from mdap.monitoring import collectors
from mdap.monitoring.access import Scope
from mdap.monitoring.alarm_store import AlarmStore
from mdap.monitoring.evaluation import Evaluator
from mdap.monitoring.notices import AlarmNotices
from mdap.monitoring.service import Monitoring
from mdap.monitoring.status import StatusBoard
from mdap.pipeline.runs import RunRecords, RunRef
from mdap.ports.errors import NotFound
from mdap.program.audit import AuditLog
from mdap_edge import status as edge_status

T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
LIMITS = Thresholds(stale_seconds=10, offline_seconds=60, tag_stale_seconds=20, tag_stuck_seconds=120)
PASSWORD = "Monitoring-Pass-1"
STAFF = Principal("s", "staff@agency.kr", "담당자", frozenset({"staff"}))
KIM = Principal("k", "kim@demo.kr", "김공장", frozenset({"factory"}), site="demo")


@dataclass
class World:
    table: SqliteTable
    clock: ControllableClock
    outbox: LocalOutbox
    monitoring: Monitoring
    ticks: list[float]

    def report(self, device: str = "edge-01", site: str = "demo", *, value: float = 41.5, since: datetime | None = None,
               **fields: Any) -> None:
        """A status record as the collector writes it (mdap_edge.status.write_status)."""
        now = self.clock.now()
        started = (T0 - timedelta(hours=1)).isoformat()
        record = {"state": "running", "heartbeat_at": now.isoformat(), "started_at": started,
                  "spool": {"readings": 10, "bytes": 4096, "max_bytes": 1 << 20, "when_full": "block",
                            "batches_pending": 0}, "refused": 0, "duplicates_dropped": 0,
                  "uploader": {"state": "idle", "batches": 3, "readings": 300, "failures": 0},
                  "sources": [{"name": "press-opcua", "kind": "opcua", "state": "connected", "rate_per_s": 5.0,
                               "readings": 500, "errors": 0, "last_error": None,
                               "last_reading_at": now.isoformat()}],
                  "tags": [{"asset": "imm1", "tag": "mould_temp", "ts": now.isoformat(), "value": value, "text": None,
                            "quality": "good", "since": (since or now).isoformat()}], "tags_total": 1, **fields}
        edge_status.write_status(self.table, site, device, record)

    def evaluate(self) -> dict[str, Any]:
        return self.monitoring.evaluator.evaluate().as_json()

    def later(self, seconds: float) -> None:
        self.clock.advance(timedelta(seconds=seconds))
        self.ticks[0] += 10  # the status board's own cache clock moves past its freshness too

    def sent(self) -> list[Any]:
        return [s for s in self.outbox.sent(limit=100)[0] if s.message.kind == "monitoring.alarm"]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    table = SqliteTable(tmp_path / "table.sqlite3")
    clock = ControllableClock(T0)
    identity = LocalIdentity(table, clock, b"k" * 48, token_minutes=30)
    identity.create_user(STAFF.email, STAFF.name, ["staff"], PASSWORD)
    identity.create_user(KIM.email, KIM.name, ["factory"], PASSWORD, "demo")
    identity.create_user("park@hanbit.kr", "박", ["factory"], PASSWORD, "hanbit")
    outbox = LocalOutbox(tmp_path / "outbox", table, "noreply@mdap.local", clock)
    audit = AuditLog(table, clock)
    ticks = [0.0]
    board = StatusBoard(table, clock, LIMITS, monotonic=lambda: ticks[0])
    evaluator = Evaluator(table, clock, LIMITS, AlarmNotices(outbox, identity), audit)
    yield World(table, clock, outbox, Monitoring(board, AlarmStore(table), evaluator, None, audit, clock, table),  # type: ignore[arg-type]
                ticks)


def test_the_platform_reads_the_collectors_key_layout() -> None:
    assert collectors.INDEX_PK == edge_status.INDEX_PK
    assert edge_status.status_key("demo", "edge-01") == ("EDGE#demo", "DEVICE#edge-01")


def test_a_collector_going_quiet_raises_one_alarm_that_escalates_and_clears_when_it_reports_again(
        world: World) -> None:
    world.report()
    assert world.evaluate()["raised"] == []
    world.later(11)
    raised = world.evaluate()["raised"]
    assert len(raised) == 1
    [(alarm, _)] = world.monitoring.alarms.open_alarms("demo")
    assert (alarm.rule, alarm.subject, alarm.severity.value, alarm.state.value) == (
        "collector.stale", "edge-01", "warning", "ACTIVE")
    [notice] = world.sent()
    assert notice.message.to == ("kim@demo.kr", "staff@agency.kr")  # not the other site's factory user
    assert "edge-01" in notice.message.subject and notice.message.refs == {"alarm": alarm.id, "site": "demo"}
    assert world.evaluate() == {"raised": [], "updated": [], "cleared": [], "conflicts": 0}  # nothing new
    world.later(60)
    assert world.evaluate()["updated"] == [alarm.id]
    assert world.monitoring.alarms.get(alarm.id)[0].severity.value == "critical"
    assert len(world.sent()) == 1  # escalation is not a new alarm
    world.later(1)
    world.report()
    assert world.evaluate()["cleared"] == [alarm.id]
    assert world.monitoring.alarms.open_alarms() == []
    entries = world.monitoring.audit.entries("alarm", alarm.id)[0]
    assert [e["action"] for e in entries] == ["alarm.raised", "alarm.updated", "alarm.cleared"]


def test_acknowledging_is_recorded_idempotent_and_scoped_to_the_site(world: World) -> None:
    world.report()
    world.later(11)
    world.evaluate()
    [(alarm, _)] = world.monitoring.alarms.open_alarms()
    park = Principal("p", "park@hanbit.kr", "박", frozenset({"factory"}), site="hanbit")
    with pytest.raises(NotFound):
        world.monitoring.acknowledge(park, alarm.id)
    world.later(3)
    acked = world.monitoring.acknowledge(KIM, alarm.id)
    assert (acked.state.value, acked.acknowledged_by, acked.acknowledged_at) == (
        "ACKNOWLEDGED", "kim@demo.kr", world.clock.now())
    world.later(5)
    again = world.monitoring.acknowledge(STAFF, alarm.id)
    assert (again.acknowledged_by, again.acknowledged_at) == ("kim@demo.kr", acked.acknowledged_at)
    trail = world.monitoring.trail(STAFF, alarm.id)
    assert [(e["action"], e["actor"]) for e in trail] == [("alarm.raised", "monitoring"),
                                                         ("alarm.acknowledged", "kim@demo.kr")]
    world.report()
    world.evaluate()
    assert world.monitoring.alarms.get(alarm.id)[0].state.value == "CLEARED"


def test_an_alarm_cleared_before_anyone_acknowledged_it_refuses_acknowledgement(world: World) -> None:
    world.report()
    world.later(11)
    world.evaluate()
    [(alarm, _)] = world.monitoring.alarms.open_alarms()
    world.report()
    world.evaluate()
    with pytest.raises(IllegalAlarmTransition):
        world.monitoring.acknowledge(STAFF, alarm.id)


def test_an_acknowledgement_racing_the_evaluation_is_judged_on_what_the_alarm_is_now(world: World) -> None:
    world.report()
    world.later(11)
    world.evaluate()
    [(alarm, _)] = world.monitoring.alarms.open_alarms()
    world.report()  # the collector is back; the evaluation clears the alarm between the read and the write
    store = world.monitoring.alarms
    real_get = store.get
    calls = []

    def get_then_clear(alarm_id: str) -> Any:
        found = real_get(alarm_id)
        if not calls:
            calls.append(1)
            world.evaluate()
        return found

    store.get = get_then_clear  # type: ignore[method-assign]
    with pytest.raises(IllegalAlarmTransition):
        world.monitoring.acknowledge(STAFF, alarm.id)


def test_refusals_and_pipeline_failures_raise_their_own_alarms(world: World) -> None:
    world.report(refused=0)
    world.evaluate()
    world.report(refused=25)
    records = RunRecords(world.table)
    failed = RunRef("sensor_readings-20260302T000000000000-abcdef", "sensor_readings", "demo")
    records.start(failed, inputs=["raw/x"], source="event", now=world.clock.now())
    records.finish(failed.run_id, status="failed", now=world.clock.now(), error="States.TaskFailed", cause="boom")
    rules = {(a.rule, a.subject) for a in _raised(world)}
    assert rules == {("collector.refused", "edge-01"), ("pipeline.failed", "sensor_readings")}
    world.later(1)
    good = RunRef("sensor_readings-20260302T000001000000-abcdef", "sensor_readings", "demo")
    records.start(good, inputs=["raw/y"], source="event", now=world.clock.now())
    records.finish(good.run_id, status="succeeded", now=world.clock.now(),
                   counts={"rows_in": 100, "rows_out": 100, "quarantined": 0})
    done = world.evaluate()
    assert len(done["cleared"]) == 2  # refusals stopped growing; the dataset's newest run succeeded


def _raised(world: World) -> list[Any]:
    ids = world.evaluate()["raised"]
    return [world.monitoring.alarms.get(i)[0] for i in ids]


def test_the_status_answer_judges_collectors_and_tags_against_the_clock_and_keeps_its_etag_while_nothing_moves(
        world: World) -> None:
    world.report(since=T0 - timedelta(minutes=5))
    world.report("edge-09", "hanbit")
    first = world.monitoring.board.snapshot(Scope(frozenset({"demo"})))
    body = first.body
    assert [(c["site"], c["device"], c["state"]) for c in body["collectors"]] == [("demo", "edge-01", "online")]
    [tag] = body["tags"]
    assert (tag["asset"], tag["tag"], tag["value"], tag["stale"], tag["stuck"]) == (
        "imm1", "mould_temp", 41.5, False, True)
    assert body["generated_at"] == T0.isoformat() and body["site"] == "demo"
    assert world.monitoring.board.snapshot(Scope(frozenset({"demo"}))) is first  # within a second: shared
    world.later(1)
    assert world.monitoring.board.snapshot(Scope(frozenset({"demo"}))).etag == first.etag  # nothing moved
    world.later(10)
    stale = world.monitoring.board.snapshot(Scope(frozenset({"demo"})))
    assert stale.etag != first.etag and stale.body["collectors"][0]["state"] == "stale"
    every = world.monitoring.board.snapshot(Scope(None)).body
    assert every["sites"] == ["demo", "hanbit"] and every["site"] is None
    assert every["counts"]["stale"] == 2


def test_runs_list_newest_first_with_freshness_and_quarantine_reasons(world: World) -> None:
    records = RunRecords(world.table)
    for n, (site, reasons) in enumerate((("demo", {"out_of_range": 2}), ("hanbit", {}),
                                         ("demo", {"out_of_range": 1, "invalid_type": 3}))):
        run = RunRef(f"inspection_records-2026030200000{n}000000-abcdef", "inspection_records", site)
        records.start(run, inputs=[f"raw/{n}"], source="event", now=world.clock.now())
        world.later(2)
        records.finish(run.run_id, status="succeeded", now=world.clock.now(), quarantined_by_reason=reasons,
                       counts={"rows_in": 10, "rows_out": 10 - sum(reasons.values()),
                               "quarantined": sum(reasons.values()), "objects": 1})
    items, datasets, _ = world.monitoring.runs(KIM, None, None, limit=10, cursor=None)
    assert [(r["site"], r["rows_out"], r["duration_s"]) for r in items] == [("demo", 6, 2.0), ("demo", 8, 2.0)]
    [mine] = datasets
    assert mine["quarantined_by_reason"] == {"invalid_type": 3, "out_of_range": 3}
    assert mine["last_success_at"] == items[0]["finished_at"] and mine["runs"] == 2
