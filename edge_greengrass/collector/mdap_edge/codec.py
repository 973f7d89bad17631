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


def newest_per_tag(table: pa.Table) -> list[tuple[str, str, int]]:
    """(asset, tag, newest ts) of every tag in ``table``: the watermarks a commit moves forward."""
    grouped = table.group_by(["asset", "tag"], use_threads=False).aggregate([("ts", "max")])
    return list(zip(grouped["asset"].to_pylist(), grouped["tag"].to_pylist(), grouped["ts_max"].to_pylist(),
                    strict=True))
