"""The durable engine stores history one page per commit; GetExecutionHistory's shape comes back on reading."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from asl_engine.durable import DurableEngine
from asl_engine.store import Store
from mdap.adapters.clock import ControllableClock

WAIT_THEN_PASS = {"StartAt": "기다림", "States": {
    "기다림": {"Type": "Wait", "Seconds": 60, "Next": "인사"},
    "인사": {"Type": "Pass", "Parameters": {"인사.$": "States.Format('안녕 {}', $.이름)"}, "End": True}}}


def run_to_end(tmp_path: Path) -> tuple[DurableEngine, str]:
    clock = ControllableClock()
    engine = DurableEngine(tmp_path / "w.sqlite3", {"greet": WAIT_THEN_PASS}, tasks={}, clock=clock)
    arn = engine.start("greet", {"이름": "민수"}, "one")
    engine.run_until_idle()  # commits up to the Wait's timer
    clock.advance(timedelta(seconds=60))
    engine.run_until_idle()
    return engine, arn


def test_history_spanning_several_commits_reads_back_in_order_with_json_payloads(tmp_path: Path) -> None:
    engine, arn = run_to_end(tmp_path)
    events = engine.history(arn)
    row = engine.describe(arn)
    engine.close()
    assert row is not None and (row["status"], json.loads(row["input"])) == ("SUCCEEDED", {"이름": "민수"})
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert [e["type"] for e in events] == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited",
                                           "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert json.loads(events[0]["executionStartedEventDetails"]["input"]) == {"이름": "민수"}
    assert events[-1]["executionSucceededEventDetails"]["output"] == '{"인사":"안녕 민수"}'  # Korean as is
    assert events[2]["timestamp"] - events[1]["timestamp"] == 60
    pages = sqlite3.connect(tmp_path / "w.sqlite3").execute("SELECT count(*) FROM history").fetchone()[0]
    assert pages > 1  # the Wait's timer was committed before the rest ran


def legacy_row(id: int, kind: str, key: str, details: dict[str, Any]) -> str:
    return json.dumps({"id": id, "previousEventId": id - 1, "timestamp": 1.5, "type": kind, key: details})


def test_per_event_rows_of_an_older_file_are_folded_into_history_pages(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "w.sqlite3")
    db.execute("CREATE TABLE events (arn TEXT NOT NULL, id INTEGER NOT NULL, row TEXT NOT NULL, "
               "PRIMARY KEY (arn, id))")
    db.executemany("INSERT INTO events VALUES (?,?,?)", [
        ("a", 1, legacy_row(1, "ExecutionStarted", "executionStartedEventDetails", {"input": '{"값":1}'})),
        ("a", 2, legacy_row(2, "PassStateExited", "stateExitedEventDetails",
                            {"name": "P", "output": {"\u0000raw": ["가"]}})),
        ("b", 1, legacy_row(1, "ExecutionAborted", "executionAbortedEventDetails", {"error": "중단"}))])
    db.commit()
    db.close()
    store = Store(tmp_path / "w.sqlite3")
    try:
        first, second = store.events("a")
        assert first["executionStartedEventDetails"] == {"input": '{"값":1}'}
        assert second["stateExitedEventDetails"] == {"name": "P", "output": '["가"]'}
        assert [e["type"] for e in store.events("b")] == ["ExecutionAborted"]
        assert store.db.execute("SELECT name FROM sqlite_master WHERE name='events'").fetchone() is None
    finally:
        store.close()
