"""The uploader: cuts batches from the spool by count and age, writes them through the BlobStore port, and
acknowledges them to the spool only after the store did. Runs on its own thread: encoding, uploading and
retrying never hold up a source.

- A batch is cut when ``max_rows`` committed readings wait, or when the oldest waiting reading is about to be
  ``max_seconds`` old, so its upload starts within ``max_seconds`` of its receipt while the store answers.
- Batches planned before a restart are sent first, unchanged (same seq range, same keys).
- A failed upload is retried with capped exponential backoff and jitter (at most 10 s apart), forever.
- ``finish``: one immediate attempt for everything spooled, no retries, within a deadline; what fails stays
  in the spool for the next start.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from mdap.ports.blobstore import BlobStore
from mdap.ports.clock import Clock
from mdap_edge.backoff import Backoff
from mdap_edge.batches import batch_files
from mdap_edge.spool import Batch, Spool

log = logging.getLogger("mdap_edge.uploader")
CUT_MARGIN_SECONDS = 0.3  # cut this early: flushing, reading and encoding come before the first byte is sent
RETRY_CAP_SECONDS = 10.0
PARQUET = "application/vnd.apache.parquet"


@dataclass
class UploaderState:
    state: str = "idle"  # idle | uploading | retrying | stopped
    batches: int = 0
    readings: int = 0
    bytes: int = 0
    failures: int = 0  # consecutive failed attempts of the current batch
    last_upload_at: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None


class Uploader:
    def __init__(self, spool: Spool, store: BlobStore | Callable[[], BlobStore], clock: Clock, *, prefix: str,
                 site: str, device: str, max_rows: int, max_seconds: float,
                 retry_cap: float = RETRY_CAP_SECONDS) -> None:
        # A factory is called on the first upload and again after it failed (a store that cannot even be
        # opened yet is one more failed upload, retried like the others).
        self._spool, self._clock = spool, clock
        self._store: BlobStore | None = store if isinstance(store, BlobStore) else None
        self._open_store = store if not isinstance(store, BlobStore) else (lambda: store)
        self._names = {"prefix": prefix, "site": site, "device": device}
        self._max_rows, self._max_seconds, self._retry_cap = max_rows, max_seconds, retry_cap
        self._pending: deque[Batch] = deque(spool.pending_batches())
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._deadline: float | None = None
        self.state = UploaderState()
        self._thread = threading.Thread(target=self._run, name="uploader", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def finish(self, deadline: float) -> bool:
        """Stop retrying; try every spooled batch once before ``deadline`` (time.monotonic). True if the spool
        was emptied."""
        self._deadline = deadline
        self._stop.set()
        self._wake.set()
        if self._thread.ident is None:  # never started: the final round runs here
            self._final_round()
        else:
            self._thread.join(max(0.0, deadline - time.monotonic()))
        return not self._thread.is_alive() and not self._pending and self._spool.unbatched_rows() == 0

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                batch = self._next_batch()
                if batch is None:
                    self._wake.wait(self._sleep_seconds())
                    self._wake.clear()
                else:
                    self._send_until_done(batch)
            self._final_round()
        finally:
            self.state.state = "stopped"

    def _next_batch(self) -> Batch | None:
        if not self._pending and self._cut_due():
            batch = self._spool.plan_batch(self._max_rows)
            if batch is not None:
                self._pending.append(batch)
        return self._pending[0] if self._pending else None

    def _cut_due(self) -> bool:
        if self._spool.unbatched_rows() >= self._max_rows:
            return True
        oldest = self._spool.oldest_unbatched()
        if oldest is None or time.time() < oldest + self._max_seconds - CUT_MARGIN_SECONDS:
            return False
        if self._spool.unbatched_rows() == 0:
            self._spool.flush(timeout=2.0)  # the due readings are still in the commit buffer
        return True

    def _sleep_seconds(self) -> float:
        oldest = self._spool.oldest_unbatched()
        if oldest is None:
            return 0.05
        return min(0.05, max(0.0, oldest + self._max_seconds - CUT_MARGIN_SECONDS - time.time()))

    def _send_until_done(self, batch: Batch) -> None:
        backoff = Backoff(initial=min(0.5, self._retry_cap), cap=self._retry_cap)
        while not self._attempt(batch):
            self.state.state = "retrying"
            if self._stop.wait(backoff.next_delay()):
                return  # shutting down: the final round tries it once more

    def _attempt(self, batch: Batch) -> bool:
        self.state.state = "uploading"
        try:
            store = self._store = self._store or self._open_store()
            table = self._spool.read_batch(batch)
            files = batch_files(table, **self._names)
            for file in files:
                store.put(file.key, file.data, content_type=PARQUET, metadata={"rows": str(file.rows)})
            self._spool.ack(batch)
        except Exception as exc:  # the store's or the network's refusal: keep the batch, try again later
            self.state.failures += 1
            self.state.last_error = f"{type(exc).__name__}: {exc}"[:500]
            self.state.last_error_at = self._clock.now().isoformat()
            log.warning("upload of batch %s (seq %s-%s) failed: %s", batch.id, batch.first_seq, batch.last_seq,
                        self.state.last_error)
            return False
        self._pending.popleft()
        self.state.state, self.state.failures = "idle", 0
        self.state.batches += 1
        self.state.readings += batch.rows
        self.state.bytes += sum(len(file.data) for file in files)
        self.state.last_upload_at = self._clock.now().isoformat()
        return True

    def _final_round(self) -> None:
        """One attempt per batch, in order, until the deadline or the first failure."""
        while self._deadline is None or time.monotonic() < self._deadline:
            if not self._pending:
                batch = self._spool.plan_batch(self._max_rows)
                if batch is None:
                    return
                self._pending.append(batch)
            if not self._attempt(self._pending[0]):
                return
