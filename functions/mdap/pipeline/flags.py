"""Per-series flags over rows already sorted by (series, time): stuck sensors, gaps, late data.

They flag, never reject: a stuck sensor or a late reading is a fact about the machine or the network that the
dashboards should show. The flags see one run's rows; a series split across runs is judged within each run.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def gap_seconds(series: np.ndarray, micros: np.ndarray, limit_s: float) -> pa.Array:
    """Seconds since the previous reading of the same series where that silence exceeds ``limit_s``."""
    n = len(micros)
    out = np.full(n, np.nan)
    if n > 1:
        delta = micros[1:] - micros[:-1]
        hit = (series[1:] == series[:-1]) & (delta > int(limit_s * 1_000_000))
        out[1:][hit] = delta[hit] / 1_000_000
    return pa.array(out, pa.float64(), mask=np.isnan(out))


def stuck(series: np.ndarray, micros: np.ndarray, values: np.ndarray, min_readings: int, min_s: float) -> pa.Array:
    """True for readings in a run of at least ``min_readings`` equal values of one series spanning ``min_s``.
    Missing values (NaN) never form a run.

    Only rows equal to their predecessor can be inside a run, and they are few (stuck or discrete tags), so runs
    are assembled from those rows alone instead of from every row: less time, far less memory.
    """
    n = len(values)
    if n < 2 or min_readings <= 0:
        return pa.array(np.zeros(n, dtype=bool))
    repeat = np.flatnonzero((series[1:] == series[:-1]) & (values[1:] == values[:-1])) + 1  # NaN != NaN
    if not len(repeat):
        return pa.array(np.zeros(n, dtype=bool))
    block = np.ones(len(repeat), dtype=bool)
    block[1:] = repeat[1:] != repeat[:-1] + 1
    first = repeat[block] - 1  # a run starts one row before its first repeat
    last = repeat[np.append(block[1:], True)]
    hit = (last - first + 1 >= min_readings) & (micros[last] - micros[first] >= int(min_s * 1_000_000))
    edges = np.zeros(n + 1, dtype=np.int32)
    np.add.at(edges, first[hit], 1)
    np.add.at(edges, last[hit] + 1, -1)
    return pa.array(np.cumsum(edges[:-1], dtype=np.int32) > 0)


def late(micros: np.ndarray, now_us: int, hours: float) -> pa.Array:
    return pa.array(micros < now_us - int(hours * 3_600_000_000))
