"""Synthetic raw sensor batches in the edge collector's format, for the pipeline benchmark and its tests.

Objects look like the collector's (``raw/sensor_readings/site=…/source=…/date=…/hour=…/<device>-<first>-<last>
.parquet``, FILE_SCHEMA, zstd, dictionary pages) and carry what real batches carry: 1,000 series (20 assets x 50
tags) at 1 Hz, a re-sent batch (duplicates), stuck sensors, gaps, a few invalid qualities, impossible values and
clocks in the future, text states and manual notes holding a phone number or a formula.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

FILE_SCHEMA = pa.schema([
    ("asset", pa.string()), ("tag", pa.string()), ("ts", pa.timestamp("us")), ("value", pa.float64()),
    ("value_text", pa.string()), ("quality", pa.string()), ("device", pa.string()), ("seq", pa.int64()),
])  # fmt: skip
START = datetime(2024, 3, 5, 0, 0, tzinfo=UTC)
START_US = int(START.timestamp()) * 1_000_000
NOW = datetime(2024, 3, 6, 12, 0, tzinfo=UTC)
SERIES_ASSETS, SERIES_TAGS = 20, 50
TEXTS = ["RUNNING", "IDLE", "ALARM", "=cmd|' /C calc'!A0", "작업자 메모: 점검 요청 010-2345-6789", "-5"]


def readings(n: int, seed: int = 7) -> pa.Table:
    """``n`` readings in collector order (by time, then series), with the defects described above."""
    rng = np.random.default_rng(seed)
    series_count = SERIES_ASSETS * SERIES_TAGS
    index = np.arange(n)
    series = index % series_count
    ts = START_US + (index // series_count) * 1_000_000 + rng.integers(0, 1000, n)
    value = np.round(rng.normal(50.0, 10.0, n), 3)
    stuck = (series % 97 == 0) & ((index // series_count) % 600 < 300)  # a few tags stuck for 5 minutes at a time
    value[stuck] = 42.0
    value[rng.random(n) < 0.0002] = 1e15  # impossible readings
    quality = np.where(rng.random(n) < 0.001, "bad", "good").astype(object)
    quality[rng.random(n) < 0.0001] = "broken"
    texts = np.full(n, None, dtype=object)
    text_rows = rng.random(n) < 0.01
    texts[text_rows] = rng.choice(TEXTS, int(text_rows.sum()))
    value[text_rows] = np.nan
    future = rng.random(n) < 0.0001
    ts[future] += 400 * 86_400_000_000
    assets = np.array([f"IM-{i:02d}" for i in range(SERIES_ASSETS)], dtype=object)
    tags = np.array([f"tag_{i:03d}" for i in range(SERIES_TAGS)], dtype=object)
    return pa.table({
        "asset": pa.array(assets[series // SERIES_TAGS]).dictionary_encode(),
        "tag": pa.array(tags[series % SERIES_TAGS]).dictionary_encode(),
        "ts": pa.array(ts, pa.timestamp("us")), "value": pa.array(value, from_pandas=True),
        "value_text": pa.array(texts, pa.string()), "quality": pa.array(quality).dictionary_encode(),
        "device": pa.array(["edge-01"] * n).dictionary_encode(), "seq": pa.array(index, pa.int64()),
    }).cast(pa.schema([f.with_type(pa.dictionary(pa.int32(), pa.string())) if f.name in (
        "asset", "tag", "quality", "device") else f for f in FILE_SCHEMA]))


def objects(n: int, *, per_object: int = 250_000, site: str = "plant-a", resend: bool = True,
            seed: int = 7) -> list[tuple[str, bytes]]:
    """(key, Parquet bytes) of ``n`` readings cut into collector batches; with ``resend`` the first batch is sent
    a second time under its own key (an upload retried after a crash) — 1 % of rows or less are duplicates."""
    table = readings(n, seed)
    out = []
    for first in range(0, n, per_object):
        part = table.slice(first, per_object)
        last = first + part.num_rows - 1
        hour = datetime.fromtimestamp(START_US // 1_000_000 + first // 1000 // 3600 * 3600, UTC)
        key = (f"raw/sensor_readings/site={site}/source=opcua/date={hour:%Y-%m-%d}/hour={hour:%H}/"
               f"edge-01-{first}-{last}.parquet")
        out.append((key, _parquet(part)))
    if resend and out:
        small = table.slice(0, min(per_object, max(n // 100, 1)))
        out.append((out[0][0].replace("edge-01-", "edge-01-resent-"), _parquet(small)))
    return out


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table.cast(FILE_SCHEMA), sink, compression="zstd",
                   use_dictionary=["asset", "tag", "quality", "device", "value_text"])
    return sink.getvalue()


def write_objects(n: int, root: str) -> None:
    """The objects as files at their keys under ``root`` (the local raw zone's layout)."""
    from pathlib import Path

    for key, data in objects(n):
        path = Path(root) / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    import sys

    write_objects(int(sys.argv[1]), sys.argv[2])
