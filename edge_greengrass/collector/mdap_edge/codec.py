"""Readings <-> Arrow: spool chunks (Arrow IPC, lz4) and the columns batches are cut from.

Encoding is columnar and vectorised: a chunk of N readings costs one transpose (``zip``) in Python and a
handful of Arrow array builds, so the spool's group commit stays cheap at hundreds of thousands of readings
per second.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from mdap_edge.reading import Reading

SCHEMA = pa.schema([
    ("asset", pa.string()), ("tag", pa.string()), ("ts", pa.int64()), ("value", pa.float64()),
    ("value_text", pa.string()), ("quality", pa.string()), ("source", pa.string()), ("seq", pa.int64()),
])  # fmt: skip
_IPC = pa.ipc.IpcWriteOptions(compression="lz4")


def to_table(rows: Sequence[Reading], first_seq: int) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    arrays = [pa.array(column, type=field.type) for column, field in zip(columns, SCHEMA, strict=False)]
    ones = pa.repeat(pa.scalar(1, pa.int64()), len(rows))
    arrays.append(pc.add(pc.cumulative_sum(ones), pa.scalar(first_seq - 1, pa.int64())))  # first_seq, +1, ...
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def encode(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, SCHEMA, options=_IPC) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def decode(payloads: Sequence[bytes]) -> pa.Table:
    tables = [pa.ipc.open_stream(pa.py_buffer(payload)).read_all() for payload in payloads]
    return pa.concat_tables(tables) if tables else SCHEMA.empty_table()


_KEEP_NULLS = pc.ScalarAggregateOptions(skip_nulls=False)
Latest = tuple[str, str, int, float | None, str | None, str, bool]


def latest_per_tag(table: pa.Table) -> list[Latest]:
    """(asset, tag, ts, value, value_text, quality, steady) of every tag's newest row in ``table``; ``steady``: every
    row of the tag in ``table`` had that same value. Rows of a tag are in time order (the spool accepts only newer
    readings), so the last row is the newest."""
    grouped = table.group_by(["asset", "tag"], use_threads=False).aggregate([
        ("ts", "max"), ("value", "last", _KEEP_NULLS), ("value_text", "last", _KEEP_NULLS), ("quality", "last"),
        ("value", "min"), ("value", "max"), ("value_text", "min"), ("value_text", "max"),
    ])  # fmt: skip
    # a null comparison (a text-only or number-only tag) counts as equal; then one side decides
    steady = pc.and_kleene(pc.fill_null(pc.equal(grouped["value_min"], grouped["value_max"]), True),
                           pc.fill_null(pc.equal(grouped["value_text_min"], grouped["value_text_max"]), True))
    return list(zip(*(grouped[name].to_pylist() for name in (
        "asset", "tag", "ts_max", "value_last", "value_text_last", "quality_last")), steady.to_pylist(), strict=True))
