"""A spooled batch as Parquet objects: one file per partition, under deterministic keys.

Key layout (the raw zone; ``prefix`` is the store's, ``raw/`` by default)::

    {prefix}sensor_readings/site={site}/source={source}/date={YYYY-MM-DD}/hour={HH}/{device}-{first}-{last}.parquet

``date`` and ``hour`` are the readings' own timestamps (UTC); ``first``/``last`` are the smallest and largest
seq in the file. A batch is a fixed seq range of the spool, so the same batch always yields the same files
under the same keys: a batch sent again after a crash overwrites itself instead of adding rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DATASET = "sensor_readings"
_HOUR_US = 3_600_000_000
# Columns of a file, in order: partition keys (site, source, date, hour) come from the key, not the file.
FILE_SCHEMA = pa.schema([
    ("asset", pa.string()), ("tag", pa.string()), ("ts", pa.timestamp("us")), ("value", pa.float64()),
    ("value_text", pa.string()), ("quality", pa.string()), ("device", pa.string()), ("seq", pa.int64()),
])  # fmt: skip


@dataclass(frozen=True)
class BatchFile:
    key: str
    data: bytes
    rows: int


def batch_files(table: pa.Table, *, prefix: str, site: str, device: str) -> list[BatchFile]:
    """The Parquet files of one spooled batch (codec.SCHEMA rows), in key order."""
    hours = pc.divide(table["ts"], pa.scalar(_HOUR_US, pa.int64()))  # readings are after 1970: truncation is floor
    keyed = table.append_column("_hour", hours)
    groups = keyed.group_by(["source", "_hour"], use_threads=False).aggregate([]).sort_by(
        [("source", "ascending"), ("_hour", "ascending")])
    files = []
    for source, hour in zip(groups["source"].to_pylist(), groups["_hour"].to_pylist(), strict=True):
        mask = pc.and_(pc.equal(keyed["source"], source), pc.equal(keyed["_hour"], hour))
        files.append(_file(keyed.filter(mask), prefix=prefix, site=site, device=device, source=source, hour=hour))
    return files


def _file(part: pa.Table, *, prefix: str, site: str, device: str, source: str, hour: int) -> BatchFile:
    seq = part["seq"]
    first, last = pc.min(seq).as_py(), pc.max(seq).as_py()
    start = datetime.fromtimestamp(hour * 3600, UTC)
    key = (f"{prefix}{DATASET}/site={site}/source={source}/date={start:%Y-%m-%d}/hour={start:%H}/"
           f"{device}-{first}-{last}.parquet")
    columns = [part["asset"], part["tag"], part["ts"].cast(pa.timestamp("us")), part["value"], part["value_text"],
               part["quality"], pa.repeat(pa.scalar(device, pa.string()), part.num_rows), seq]
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(columns, schema=FILE_SCHEMA), sink, compression="zstd",
                   use_dictionary=["asset", "tag", "quality", "device", "value_text"])
    return BatchFile(key, sink.getvalue(), part.num_rows)
