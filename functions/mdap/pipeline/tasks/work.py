"""A run's work prefix: what one step hands the next, so the state machine carries keys, never rows
(Step Functions payloads stop at 256 KB). Arrow tables as Parquet (zstd), reports as JSON."""

from __future__ import annotations

import io
import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from mdap.pipeline.keys import work_key
from mdap.ports.blobstore import BlobStore
from mdap.ports.errors import NotFound


class Work:
    def __init__(self, blobs: BlobStore, run_id: str) -> None:
        self._blobs = blobs
        self._run = run_id

    def put_table(self, name: str, table: pa.Table) -> None:
        sink = io.BytesIO()
        pq.write_table(table, sink, compression="zstd")
        self._blobs.put(work_key(self._run, f"{name}.parquet"), sink.getvalue(),
                        content_type="application/vnd.apache.parquet")

    def table(self, name: str) -> pa.Table:
        return pq.read_table(io.BytesIO(self._blobs.get(work_key(self._run, f"{name}.parquet"))))

    def put_json(self, name: str, value: Any) -> None:
        self._blobs.put(work_key(self._run, f"{name}.json"),
                        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"),
                        content_type="application/json")

    def json(self, name: str, default: Any = None) -> Any:
        try:
            return json.loads(self._blobs.get(work_key(self._run, f"{name}.json")))
        except NotFound:
            if default is not None:
                return default
            raise

    def has(self, name: str) -> bool:
        try:
            self._blobs.head(work_key(self._run, name))
        except NotFound:
            return False
        return True

    def clear(self) -> None:
        for info in list(self._blobs.list(work_key(self._run, ""))):
            self._blobs.delete(info.key)
