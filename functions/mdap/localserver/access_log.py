"""The local server's access log, as API Gateway writes one per stage in AWS: one JSON line per request.

A request thread only puts a tuple on a queue (about a microsecond); one background thread formats and writes
in batches, so a slow terminal or many threads logging at once never hold a request up (a shared logging
handler's lock did, under load).
"""

from __future__ import annotations

import json
import queue
import sys
import threading
import time
from typing import Any, TextIO

_STOP = None


class AccessLog:
    _current: AccessLog | None = None

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._queue: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, name="access-log", daemon=True)

    def start(self) -> None:
        AccessLog._current = self
        self._thread.start()

    def stop(self) -> None:
        if AccessLog._current is self:
            AccessLog._current = None
        self._queue.put(_STOP)
        self._thread.join(timeout=5)  # writes what is still queued

    @classmethod
    def request(cls, method: str, path: str, status: int, started: float, peer: str) -> None:
        current = cls._current
        if current is not None:
            current._queue.put((time.time(), method, path, status, time.perf_counter() - started, peer))

    def _write(self) -> None:
        stream = self._stream or sys.stdout
        while True:
            entry = self._queue.get()
            lines = []
            while entry is not _STOP:
                lines.append(_line(entry))
                try:
                    entry = self._queue.get_nowait()
                except queue.Empty:
                    break
            if lines:
                stream.write("".join(lines))
                stream.flush()
            if entry is _STOP:
                return


def _line(entry: tuple[Any, ...] | None) -> str:
    assert entry is not None
    at, method, path, status, seconds, peer = entry
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at))
    return json.dumps({"time": f"{stamp}.{int(at * 1000) % 1000:03d}Z", "message": "request", "method": method,
                       "path": path, "status": status, "ip": peer, "ms": round(seconds * 1000, 2)},
                      ensure_ascii=False) + "\n"
