"""Property tests: no row is ever lost, a re-run gives the same rows, and object order does not matter."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdap.pipeline.steps import Inbound, Reference, run_steps
from tests.unit.pipeline.samples import (
    HEADER,
    NOW,
    inspection_csv,
    inspection_inbound,
    pseudonymizer,
    sensor_key,
    sensor_parquet,
)

BASE = datetime(2024, 3, 5, 1)
values = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1.0, 1.0, 2.5, 1e13]))
times = st.one_of(st.integers(0, 8).map(lambda s: BASE + timedelta(seconds=s * 30)),
                  st.sampled_from([datetime(1970, 1, 1), datetime(2030, 1, 1)]))
readings = st.tuples(st.sampled_from(["IM-01", "IM-02"]), st.sampled_from(["temp", "rpm"]), times, values,
                     st.one_of(st.none(), st.sampled_from(["RUN", "=cmd", "010-1234-5678", "김민준"])),
                     st.sampled_from(["good", "bad", "uncertain", "???", "양호"]), st.just("edge-01"),
                     st.integers(0, 10**6))
batches = st.lists(st.lists(readings, min_size=0, max_size=25), min_size=1, max_size=3)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _objects(batch_list: list[list[tuple[object, ...]]]) -> list[Inbound]:
    return [Inbound(sensor_key(i, i), sensor_parquet(rows)) for i, rows in enumerate(batch_list)]


def _run(objects: list[Inbound], existing: pa.Table | None = None) -> object:
    return run_steps("sensor_readings", objects, reference=Reference(), pseudonymizer=pseudonymizer(), now=NOW,
                     existing_keys=existing)


@PROPERTY
@given(batches)
def test_every_reading_is_curated_a_duplicate_or_quarantined(batch_list: list[list[tuple[object, ...]]]) -> None:
    result = _run(_objects(batch_list))
    counts = result.counts  # type: ignore[attr-defined]
    assert counts["rows_in"] == sum(len(b) for b in batch_list)
    assert counts["rows_in"] == counts["rows_out"] + counts["duplicates"] + counts["quarantined"]
    assert sum(result.quarantined_by_reason.values()) == counts["quarantined"]  # type: ignore[attr-defined]


@PROPERTY
@given(batches, st.randoms())
def test_the_same_input_in_any_order_gives_identical_curated_rows(batch_list: list[list[tuple[object, ...]]],
                                                                   rnd: object) -> None:
    objects = _objects(batch_list)
    first = _run(objects)
    shuffled = list(objects)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    again = _run(shuffled)
    assert first.curated.equals(again.curated)  # type: ignore[attr-defined]
    assert first.quarantine.equals(again.quarantine)  # type: ignore[attr-defined]


@PROPERTY
@given(batches)
def test_a_rerun_against_its_own_output_adds_nothing(batch_list: list[list[tuple[object, ...]]]) -> None:
    objects = _objects(batch_list)
    first = _run(objects).curated  # type: ignore[attr-defined]
    again = _run(objects, existing=first.select(["site", "asset", "tag", "ts"]))
    assert again.counts["rows_out"] == 0  # type: ignore[attr-defined]
    assert again.counts["duplicates"] == first.num_rows + _run(objects).counts["duplicates"]  # type: ignore


cells = st.one_of(st.just(""), st.text(max_size=12), st.sampled_from(["합격", "불합격", "2024-03-05 10:00", "L-1",
                                                                      "=SUM(A1)", "010-1234-5678"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cells, min_size=7, max_size=7), max_size=15))
def test_any_inspection_csv_is_fully_accounted_for(rows: list[list[str]]) -> None:
    rows = [[c.replace("\r", " ").replace("\n", " ").replace("\x00", " ") for c in row] for row in rows]
    rows = [row for row in rows if any(c.strip() for c in row)]  # a blank line is not a row
    data = inspection_csv("utf-8", rows)
    result = run_steps("inspection_records", [inspection_inbound(data)], reference=Reference(),
                       pseudonymizer=pseudonymizer(), now=NOW)
    counts = result.counts
    assert counts["rows_in"] == len(rows) == counts["rows_out"] + counts["duplicates"] + counts["quarantined"]
    assert len(HEADER) == 7
