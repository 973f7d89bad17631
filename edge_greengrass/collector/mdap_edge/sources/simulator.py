"""A simulator source for demos and benchmarks: ``assets`` x ``tags`` signals, one reading per tag every
``interval_ms`` on a grid aligned to the epoch (ts = k * interval). A value is a pure function of the tag and
the timestamp (``expected_value``), so a test can check every row in the lake without knowing what was sent.
When the spool pushes back (block policy) or the process lags, the simulator catches up with at most one
second of ticks and skips older ones, as a real sensor would not wait either.
"""

from __future__ import annotations

import math
import threading
import time

from mdap_edge.reading import GOOD, Reading
from mdap_edge.sources import Source

MAX_APPEND = 20_000  # readings per emit
_TWO_PI = 2 * math.pi


def expected_value(tag_index: int, ts_us: int) -> float:
    """The value tag ``t<tag_index>`` has at ``ts_us``: exactly what the source computes."""
    return round(100.0 + 10.0 * math.sin(ts_us / 1e6 / 60.0 * _TWO_PI + tag_index), 4)


def names(assets: int, tags: int) -> list[tuple[str, str, int]]:
    return [(f"sim-{a:03d}", f"t{t:04d}", t) for a in range(assets) for t in range(tags)]


class SimulatorSource(Source):
    def run(self, stop: threading.Event) -> None:
        series = names(int(self.config.get("assets", 1)), int(self.config.get("tags", 10)))
        interval = max(1, round(float(self.config.get("interval_ms", 1000)) * 1000))  # µs
        per_append = max(1, MAX_APPEND // len(series))
        tick = -(-(time.time_ns() // 1000) // interval)  # the next grid point
        self.health.connected()
        while not stop.is_set():
            now_tick = (time.time_ns() // 1000) // interval
            tick = max(tick, now_tick - 1_000_000 // interval)  # at most a second of catch-up
            if tick > now_tick:
                stop.wait(min(0.05, (tick * interval - time.time_ns() // 1000) / 1e6))
                continue
            last = min(now_tick, tick + per_append - 1)
            rows = self._rows(series, tick, last, interval)
            self.health.received(self.emit(rows).accepted)
            tick = last + 1

    @staticmethod
    def _rows(series: list[tuple[str, str, int]], first: int, last: int, interval: int) -> list[Reading]:
        rows: list[Reading] = []
        append, sin, two_pi = rows.append, math.sin, _TWO_PI
        for k in range(first, last + 1):
            ts = k * interval
            phase = ts / 1e6 / 60.0 * two_pi
            for asset, tag, index in series:
                append((asset, tag, ts, round(100.0 + 10.0 * sin(phase + index), 4), None, GOOD, "simulator"))
        return rows


SOURCE = SimulatorSource
