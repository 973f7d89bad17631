"""The uploader against an in-memory spool and a store that fails on demand (threads, no I/O)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

from mdap.adapters.clock import SystemClock
from mdap.ports.blobstore import BlobInfo, BlobStore
from mdap_edge import codec
from mdap_edge.spool import Batch
from mdap_edge.uploader import Uploader


class FlakyStore(BlobStore):
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.objects: dict[str, bytes] = {}
        self.attempts = 0

    def put(self, key: str, data: bytes, *, content_type: str = "",
            metadata: Mapping[str, str] | None = None) -> BlobInfo:
        self.attempts += 1
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("store unreachable")
        self.objects[key] = data
        return BlobInfo(key, len(data), "", content_type, datetime.now(UTC))

    def get(self, key: str) -> bytes:
        return self.objects[key]

    def head(self, key: str) -> BlobInfo:
        raise NotImplementedError

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        return iter([])

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def upload_url(self, key: str, *, expires_in: int = 900, content_type: str | None = None) -> str:
        return ""

    def download_url(self, key: str, *, expires_in: int = 900) -> str:
        return ""


class MemorySpool:
    """What the uploader needs of the spool: two committed chunks of 3 readings, nothing buffered."""

    def __init__(self) -> None:
        self.rows = {seq: ("press1", "temp", 1_700_000_000_000_000 + seq, float(seq), None, "good", "opcua")
                     for seq in range(1, 7)}
        self.unbatched = [(1, 3), (4, 6)]
        self.acked: list[Batch] = []

    def pending_batches(self) -> list[Batch]:
        return []

    def flush(self, timeout: float = 5.0) -> bool:
        return True

    def unbatched_rows(self) -> int:
        return sum(last - first + 1 for first, last in self.unbatched)

    def oldest_unbatched(self) -> float | None:
        return time.time() - 60 if self.unbatched else None

    def plan_batch(self, max_rows: int) -> Batch | None:
        if not self.unbatched:
            return None
        first, last = self.unbatched.pop(0)
        return Batch(first, first, last, last - first + 1)

    def read_batch(self, batch: Batch) -> object:
        return codec.to_table([self.rows[s] for s in range(batch.first_seq, batch.last_seq + 1)], batch.first_seq)

    def ack(self, batch: Batch) -> None:
        self.acked.append(batch)


def _uploader(spool: MemorySpool, store: FlakyStore) -> Uploader:
    return Uploader(spool, store, SystemClock(), prefix="raw/", site="demo", device="edge-01",  # type: ignore[arg-type]
                    max_rows=3, max_seconds=1, retry_cap=0.05)


def test_a_batch_is_retried_until_the_store_takes_it_and_acknowledged_only_then() -> None:
    spool, store = MemorySpool(), FlakyStore(failures=3)
    uploader = _uploader(spool, store)
    uploader.start()
    deadline = time.monotonic() + 5
    while len(spool.acked) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    uploader.finish(time.monotonic() + 1)
    assert [b.first_seq for b in spool.acked] == [1, 4]
    assert store.attempts == 5 and len(store.objects) == 2
    assert all(key.endswith(("edge-01-1-3.parquet", "edge-01-4-6.parquet")) for key in store.objects)
    assert uploader.state.batches == 2 and uploader.state.last_error == "ConnectionError: store unreachable"


def test_the_final_round_tries_each_batch_once_and_leaves_the_rest_spooled() -> None:
    spool, store = MemorySpool(), FlakyStore(failures=100)
    uploader = _uploader(spool, store)
    assert uploader.finish(time.monotonic() + 1) is False  # never started: straight to the final round
    assert store.attempts == 1 and spool.acked == []
