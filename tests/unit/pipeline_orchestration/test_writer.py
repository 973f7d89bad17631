"""Curated partitions: switched atomically by their manifest, idempotent per run, small files compacted, later
exports superseding earlier rows."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mdap.pipeline.writer import CuratedWriter, Layout
from tests.unit.pipeline_orchestration.fakes import MemoryBlobs

NOW = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
SCHEMA = pa.schema([("asset", pa.string()), ("ts", pa.timestamp("us")), ("value", pa.float64())])
LAYOUT = Layout("curated/readings/", ("site", "date"), SCHEMA, ("asset", "ts"), "ts")
MANIFEST = "curated/readings/_symlink_format_manifest/site=a/date=2025-03-03/manifest"


def rows(values: list[float], *, start: int = 0, asset: str = "imm1", day: str = "2025-03-03") -> pa.Table:
    base = datetime(2025, 3, 3, 5, 0)
    return pa.table({"asset": [asset] * len(values),
                     "ts": pa.array([base + timedelta(seconds=start + i) for i in range(len(values))],
                                    pa.timestamp("us")),
                     "value": values, "site": ["a"] * len(values), "date": [day] * len(values)})


def listed(blobs: MemoryBlobs, manifest: str = MANIFEST) -> list[str]:
    return [line.removeprefix("s3://curated-bucket/") for line in blobs.objects[manifest].decode().splitlines()]


def current(blobs: MemoryBlobs, manifest: str = MANIFEST) -> pa.Table:
    return pa.concat_tables([pq.read_table(io.BytesIO(blobs.objects[key])) for key in listed(blobs, manifest)])


def test_a_commit_writes_sorted_zstd_files_and_switches_the_manifest_last() -> None:
    blobs = MemoryBlobs()
    order: list[str] = []
    put = blobs.put

    def recorded(key, data, **kw):  # type: ignore[no-untyped-def]
        order.append(key)
        return put(key, data, **kw)

    blobs.put = recorded  # type: ignore[method-assign]
    writer = CuratedWriter(blobs, "curated-bucket")
    assert writer.commit(LAYOUT, rows([3.0, 1.0, 2.0]), run_id="r1", now=NOW) == [MANIFEST]
    assert order[-1] == MANIFEST and order[-2].endswith("parts.json")
    [key] = listed(blobs)
    assert key == "curated/readings/site=a/date=2025-03-03/part-r1-0.parquet"
    stored = pq.ParquetFile(io.BytesIO(blobs.objects[key]))
    assert stored.metadata.row_group(0).column(0).compression == "ZSTD"
    assert stored.schema_arrow.names == ["asset", "ts", "value"]  # partition keys live in the path
    assert current(blobs)["value"].to_pylist() == [3.0, 1.0, 2.0]  # sorted by the keys (asset, ts)


def test_rows_are_split_into_their_partitions() -> None:
    blobs = MemoryBlobs()
    written = CuratedWriter(blobs, "b").commit(LAYOUT, pa.concat_tables([rows([1.0]), rows([2.0], day="2025-03-04")]),
                                              run_id="r1", now=NOW)
    assert [m.split("/")[-2] for m in written] == ["date=2025-03-03", "date=2025-03-04"]


def test_a_retried_commit_of_the_same_run_adds_nothing_twice() -> None:
    blobs = MemoryBlobs()
    writer = CuratedWriter(blobs, "curated-bucket")
    writer.commit(LAYOUT, rows([1.0, 2.0]), run_id="r1", now=NOW)
    writer.commit(LAYOUT, rows([1.0, 2.0]), run_id="r1", now=NOW)
    assert current(blobs).num_rows == 2


def test_a_failure_before_the_switch_leaves_readers_on_the_old_manifest() -> None:
    blobs = MemoryBlobs()
    writer = CuratedWriter(blobs, "curated-bucket")
    writer.commit(LAYOUT, rows([1.0]), run_id="r1", now=NOW)
    put = blobs.put

    def fail_on_manifest(key, data, **kw):  # type: ignore[no-untyped-def]
        if key.endswith("/manifest"):
            raise OSError("the store went away")
        return put(key, data, **kw)

    blobs.put = fail_on_manifest  # type: ignore[method-assign]
    with pytest.raises(OSError):
        writer.commit(LAYOUT, rows([2.0], start=10), run_id="r2", now=NOW)
    assert current(blobs)["value"].to_pylist() == [1.0]  # readers never saw a half-written partition
    blobs.put = put  # type: ignore[method-assign]
    writer.commit(LAYOUT, rows([2.0], start=10), run_id="r2", now=NOW)  # the step's retry
    assert current(blobs)["value"].to_pylist() == [1.0, 2.0]


def test_small_files_are_compacted_and_retired_ones_deleted_after_the_grace_period() -> None:
    blobs = MemoryBlobs()
    writer = CuratedWriter(blobs, "curated-bucket", fan_in=3, grace_seconds=600)
    for index in range(7):
        writer.commit(LAYOUT, rows([float(index)], start=index), run_id=f"r{index}", now=NOW)
    files = listed(blobs)
    assert len(files) == 3  # two level-1 files (3 runs each) and the last run's
    assert sorted(current(blobs)["value"].to_pylist()) == [float(i) for i in range(7)]
    parts = [k for k in blobs.objects if k.endswith(".parquet")]
    assert len(parts) == 9  # retired files wait for queries still reading the old manifest
    writer.commit(LAYOUT, rows([7.0], start=7), run_id="r7", now=NOW + timedelta(minutes=11))
    assert sorted(k for k in blobs.objects if k.endswith(".parquet")) == sorted(listed(blobs))
    writer.commit(LAYOUT, rows([8.0], start=8), run_id="r8", now=NOW + timedelta(minutes=12))
    assert listed(blobs) == ["curated/readings/site=a/date=2025-03-03/part-r8-c2.parquet"]  # merged in cascade
    assert current(blobs)["value"].to_pylist() == [float(i) for i in range(9)]


def test_existing_keys_read_only_files_whose_time_range_overlaps() -> None:
    blobs = MemoryBlobs()
    writer = CuratedWriter(blobs, "curated-bucket")
    writer.commit(LAYOUT, rows([1.0, 2.0], start=0), run_id="r1", now=NOW)
    writer.commit(LAYOUT, rows([3.0], start=100), run_id="r2", now=NOW)
    blobs.reads.clear()
    found = writer.existing_keys(LAYOUT, rows([9.0], start=100), ["site", "asset", "ts"])
    assert found is not None and found.to_pylist() == [
        {"site": "a", "asset": "imm1", "ts": datetime(2025, 3, 3, 5, 1, 40)}]
    assert [k for k in blobs.reads if k.endswith(".parquet")] == [
        "curated/readings/site=a/date=2025-03-03/part-r2-0.parquet"]
    assert writer.existing_keys(LAYOUT, rows([9.0], day="2025-03-09"), ["site", "asset", "ts"]) is None


def test_a_later_export_supersedes_rows_with_the_same_keys() -> None:
    blobs = MemoryBlobs()
    layout = Layout("curated/orders/", ("site", "date"), SCHEMA, ("asset", "ts"), "ts", supersede=True)
    manifest = "curated/orders/_symlink_format_manifest/site=a/date=2025-03-03/manifest"
    writer = CuratedWriter(blobs, "curated-bucket")
    writer.commit(layout, rows([1.0, 2.0, 3.0]), run_id="r1", now=NOW)
    writer.commit(layout, rows([20.0], start=1), run_id="r2", now=NOW)
    assert sorted(current(blobs, manifest)["value"].to_pylist()) == [1.0, 3.0, 20.0]
