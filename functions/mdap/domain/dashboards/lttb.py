"""Largest-Triangle-Three-Buckets (Steinarsson, 2013): thin a long time series to ``threshold`` points that keep
its visual shape. The first and last points stay; the points between are cut into ``threshold - 2`` buckets and
from each stays the point forming the largest triangle with the point kept before it and the average of the
next bucket."""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]


def lttb_indices(points: Sequence[Point], threshold: int) -> list[int]:
    """Indexes (ascending) of the points LTTB keeps; every index when there are no more than ``threshold``."""
    n = len(points)
    if n <= threshold:
        return list(range(n))
    if threshold < 3:
        raise ValueError("LTTB keeps the first and the last point: thin to 3 points or more")
    size = (n - 2) / (threshold - 2)
    kept = [0]
    for bucket in range(threshold - 2):
        candidates = range(int(bucket * size) + 1, int((bucket + 1) * size) + 1)
        following = range(int((bucket + 1) * size) + 1, min(int((bucket + 2) * size) + 1, n))
        kept.append(_largest_triangle(points, kept[-1], candidates, _average(points, following or range(n - 1, n))))
    kept.append(n - 1)
    return kept


def lttb(points: Sequence[Point], threshold: int) -> list[Point]:
    return [points[i] for i in lttb_indices(points, threshold)]


def _average(points: Sequence[Point], window: range) -> Point:
    return (sum(points[i][0] for i in window) / len(window), sum(points[i][1] for i in window) / len(window))


def _largest_triangle(points: Sequence[Point], anchor: int, candidates: range, after: Point) -> int:
    ax, ay = points[anchor]
    bx, by = after
    best, best_area = candidates.start, -1.0
    for i in candidates:
        x, y = points[i]
        area = abs((ax - bx) * (y - ay) - (ax - x) * (by - ay))
        if area > best_area:
            best, best_area = i, area
    return best
