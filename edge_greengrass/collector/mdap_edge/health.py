"""What a source reports about itself: connection state, counts, rate and its last error."""

from __future__ import annotations

import threading
import time
from typing import Any

from mdap.ports.clock import Clock


class SourceHealth:
    def __init__(self, name: str, kind: str, clock: Clock) -> None:
        self.name, self.kind = name, kind
        self._clock = clock
        self._lock = threading.Lock()
        self.state = "starting"  # starting | connecting | connected | disconnected | stopped
        self.readings = 0
        self.errors = 0
        self.last_error: str | None = None
        self.last_error_at: str | None = None
        self.last_reading_at: float | None = None
        self.first_reading_at: float | None = None
        self._rate_mark = (time.monotonic(), 0)
        self.rate = 0.0

    def received(self, count: int) -> None:
        if count:
            now = time.time()
            with self._lock:
                self.readings += count
                self.last_reading_at = now
                self.first_reading_at = self.first_reading_at or now

    def connected(self) -> None:
        self.state = "connected"

    def connecting(self) -> None:
        self.state = "connecting"

    def failed(self, exc: BaseException | str) -> None:
        text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        with self._lock:
            self.errors += 1
            self.last_error = text[:500]
            self.last_error_at = self._clock.now().isoformat()
        if self.state == "connected":
            self.state = "disconnected"

    def snapshot(self) -> dict[str, Any]:
        """Counters for status; ``rate_per_s`` is over the time since the previous snapshot."""
        now = time.monotonic()
        with self._lock:
            since, count = self._rate_mark
            if now - since >= 0.5:
                self.rate = (self.readings - count) / (now - since)
                self._rate_mark = (now, self.readings)
            return {"name": self.name, "kind": self.kind, "state": self.state, "readings": self.readings,
                    "rate_per_s": round(self.rate, 1), "errors": self.errors, "last_error": self.last_error,
                    "last_error_at": self.last_error_at, "last_reading_at": _iso(self.last_reading_at)}


def _iso(moment: float | None) -> str | None:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(moment, UTC).isoformat() if moment is not None else None
