"""The canonical reading and its timestamps.

A reading is a plain tuple ``(asset, tag, ts, value, value_text, quality, source)`` — tuples keep the hot path
(hundreds of thousands per second) free of per-object overhead. ``site``, ``device`` and ``seq`` are the
collector's and the spool's, added when readings are spooled and batched. ``ts`` is microseconds since the
Unix epoch, UTC. A reading's identity is ``(site, asset, tag, ts)``.
"""

from __future__ import annotations

import math
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

Reading = tuple[str, str, int, float | None, str | None, str, str]
ASSET, TAG, TS, VALUE, VALUE_TEXT, QUALITY, SOURCE = range(7)
GOOD, UNCERTAIN, BAD = "good", "uncertain", "bad"
QUALITIES = (GOOD, UNCERTAIN, BAD)
SOURCE_KINDS = ("opcua", "modbus", "mqtt", "file", "simulator")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def reading(asset: str, tag: str, ts: int, value: Any, quality: str, source: str) -> Reading:
    """A reading from any protocol value: numbers and booleans as ``value``, text as ``value_text``."""
    number, text = split_value(value)
    if number is None and text is None and quality == GOOD:
        quality = BAD  # no value at all is never a good reading
    return (asset, tag, ts, number, text, quality, source)


def split_value(value: Any) -> tuple[float | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, bool):
        return (1.0 if value else 0.0), None
    if isinstance(value, int | float):
        number = float(value)
        return (number, None) if math.isfinite(number) else (None, str(value))
    if isinstance(value, bytes):
        return None, value.hex()
    return None, str(value)


def micros(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (naive ones are taken as UTC), exactly."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // _MICRO


def from_micros(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


class ReceiveClock:
    """Receive timestamps for protocols without source timestamps: wall-clock microseconds that never repeat
    or go backwards within one source, so two polls of a tag never share an identity."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def now(self) -> int:
        with self._lock:
            self._last = max(time.time_ns() // 1000, self._last + 1)
            return self._last
