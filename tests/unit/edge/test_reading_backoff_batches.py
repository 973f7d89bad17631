"""Readings, backoff and batch files (pure: no I/O)."""

from __future__ import annotations

import io
import itertools
import random
from datetime import UTC, datetime, timedelta, timezone

import pyarrow.parquet as pq
import pytest

from mdap_edge import codec
from mdap_edge.backoff import Backoff
from mdap_edge.batches import batch_files
from mdap_edge.reading import BAD, GOOD, ReceiveClock, from_micros, micros, reading
from mdap_edge.sources.simulator import SimulatorSource, expected_value, names

HOUR = 3_600_000_000
T0 = micros(datetime(2025, 3, 1, 9, 59, 59, tzinfo=UTC))


def test_values_split_into_numbers_and_text_and_a_missing_value_is_never_good() -> None:
    assert reading("a", "t", 1, True, GOOD, "opcua")[3:6] == (1.0, None, GOOD)
    assert reading("a", "t", 1, 7, GOOD, "opcua")[3:6] == (7.0, None, GOOD)
    assert reading("a", "t", 1, "RUN", GOOD, "opcua")[3:6] == (None, "RUN", GOOD)
    assert reading("a", "t", 1, float("nan"), GOOD, "opcua")[3:6] == (None, "nan", GOOD)
    assert reading("a", "t", 1, None, GOOD, "opcua")[3:6] == (None, None, BAD)


def test_micros_is_exact_for_any_offset_and_round_trips() -> None:
    korea = datetime(2025, 3, 1, 18, 0, 0, 123456, tzinfo=timezone(timedelta(hours=9)))
    assert micros(korea) == micros(datetime(2025, 3, 1, 9, 0, 0, 123456, tzinfo=UTC))
    assert from_micros(micros(korea)) == korea


def test_receive_times_never_repeat_within_a_source() -> None:
    clock = ReceiveClock()
    stamps = [clock.now() for _ in range(10_000)]
    assert all(b > a for a, b in itertools.pairwise(stamps))


def test_backoff_grows_to_its_cap_with_jitter_and_never_gives_up() -> None:
    backoff = Backoff(initial=0.5, cap=10.0, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(100)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(delay <= 10.0 for delay in delays) and all(delay >= 5.0 for delay in delays[5:])
    assert len(set(delays[10:])) > 50  # jittered, not in lockstep
    backoff.reset()
    assert backoff.next_delay() <= 0.5


def _table(first_seq: int = 100) -> object:
    rows = [("press1", "temp", T0 + i * 500_000, float(i), None, GOOD, "opcua" if i % 2 else "modbus")
            for i in range(6)]  # crosses 10:00 UTC
    return codec.to_table(rows, first_seq)


def test_a_batch_becomes_one_file_per_source_and_hour_under_deterministic_keys() -> None:
    files = batch_files(_table(), prefix="raw/", site="demo", device="edge-01")  # type: ignore[arg-type]
    assert [f.key for f in files] == [
        "raw/sensor_readings/site=demo/source=modbus/date=2025-03-01/hour=09/edge-01-100-100.parquet",
        "raw/sensor_readings/site=demo/source=modbus/date=2025-03-01/hour=10/edge-01-102-104.parquet",
        "raw/sensor_readings/site=demo/source=opcua/date=2025-03-01/hour=09/edge-01-101-101.parquet",
        "raw/sensor_readings/site=demo/source=opcua/date=2025-03-01/hour=10/edge-01-103-105.parquet"]
    again = batch_files(_table(), prefix="raw/", site="demo", device="edge-01")  # type: ignore[arg-type]
    assert [(f.key, f.data) for f in again] == [(f.key, f.data) for f in files]  # re-sent: overwrites itself


def test_files_hold_the_canonical_columns_zstd_compressed() -> None:
    [first, *_] = batch_files(_table(), prefix="raw/", site="demo", device="edge-01")  # type: ignore[arg-type]
    parquet = pq.ParquetFile(io.BytesIO(first.data))
    assert parquet.schema_arrow.names == ["asset", "tag", "ts", "value", "value_text", "quality", "device", "seq"]
    assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
    row = parquet.read().to_pylist()[0]
    assert row == {"asset": "press1", "tag": "temp", "ts": datetime(2025, 3, 1, 9, 59, 59), "value": 0.0,
                   "value_text": None, "quality": "good", "device": "edge-01", "seq": 100}


def test_the_simulator_emits_on_its_grid_with_values_anyone_can_recompute() -> None:
    series = names(2, 3)
    rows = SimulatorSource._rows(series, 10, 12, 100_000)
    assert len(rows) == 3 * 6
    assert {r[2] for r in rows} == {1_000_000, 1_100_000, 1_200_000}
    assert all(r[3] == expected_value(int(r[1][1:]), r[2]) for r in rows)


@pytest.mark.parametrize("prefix", ["raw/", "", "factory/raw/"])
def test_the_store_prefix_comes_first(prefix: str) -> None:
    files = batch_files(_table(), prefix=prefix, site="s", device="d")  # type: ignore[arg-type]
    assert all(f.key.startswith(f"{prefix}sensor_readings/site=s/source=") for f in files)
