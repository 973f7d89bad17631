"""A local platform's ports with the pipeline wired as the server wires it, on a controllable clock."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mdap.adapters.clock import ControllableClock
from mdap.api.deps import release_container, set_container
from mdap.bootstrap import Container, bootstrap
from mdap.pipeline.tasks.wiring import Pipeline, pipeline
from mdap.settings import load_settings

START = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)  # 15:00 KST
RAW_SCHEMA = pa.schema([
    ("asset", pa.string()), ("tag", pa.string()), ("ts", pa.timestamp("us")), ("value", pa.float64()),
    ("value_text", pa.string()), ("quality", pa.string()), ("device", pa.string()), ("seq", pa.int64()),
])  # fmt: skip


@dataclass
class World:
    c: Container
    p: Pipeline
    clock: ControllableClock

    def put(self, key: str, data: bytes) -> None:
        self.c.blobs["raw"].put(key, data)

    def deliver(self) -> list[str]:
        """What the local server's dispatcher does: raw events to the pipeline's intake; the runs started."""
        started = []
        while received := self.c.object_events.receive(max_events=10):
            for item in received:
                if item.event.zone == "raw":
                    started += self.p.intake.receive([item.event])
                self.c.object_events.ack(item.receipt)
        return started

    def drain(self, rounds: int = 50) -> None:
        """Run every execution to its end, moving the clock over retry intervals."""
        workflow: Any = self.c.workflow
        for _ in range(rounds):
            workflow.run_until_idle()
            if not workflow.engine.runs:
                return
            self.clock.advance(timedelta(seconds=5))
        raise AssertionError("executions still running")

    def process(self) -> list[str]:
        started = self.deliver()
        self.drain()
        return started

    def sql(self, text: str) -> list[tuple[Any, ...]]:
        return self.c.query.query(text).rows


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = ControllableClock(START)
    container = bootstrap(load_settings(profile="local", data_dir=tmp_path, pipeline_batch_seconds=0), clock=clock)
    set_container(container)
    try:
        yield World(container, pipeline(container), clock)
    finally:
        container.workflow.close()  # type: ignore[attr-defined]
        release_container(container)


def readings(rows: Sequence[tuple[str, str, datetime, float | None, str]], *, first_seq: int = 1) -> bytes:
    """An edge batch file (the collector's Parquet layout): (asset, tag, ts UTC, value, quality) rows."""
    table = pa.table({
        "asset": [r[0] for r in rows], "tag": [r[1] for r in rows],
        "ts": pa.array([r[2].replace(tzinfo=None) for r in rows], pa.timestamp("us")),
        "value": pa.array([r[3] for r in rows], pa.float64()), "value_text": pa.nulls(len(rows), pa.string()),
        "quality": [r[4] for r in rows], "device": ["edge-01"] * len(rows),
        "seq": list(range(first_seq, first_seq + len(rows))),
    }, schema=RAW_SCHEMA)  # fmt: skip
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def batch_key(site: str, first: int, last: int, moment: datetime = START) -> str:
    return (f"raw/sensor_readings/site={site}/source=opcua/date={moment:%Y-%m-%d}/hour={moment:%H}/"
            f"edge-01-{first}-{last}.parquet")


def series(asset: str, tag: str, start: datetime, values: list[float], step_s: float = 10) -> list[tuple[Any, ...]]:
    return [(asset, tag, start + timedelta(seconds=i * step_s), v, "good") for i, v in enumerate(values)]
