"""LTTB keeps a series' ends, its order and exactly the number of points asked for."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.dashboards.lttb import lttb, lttb_indices

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def series(draw: st.DrawFn) -> list[tuple[float, float]]:
    ys = draw(st.lists(values, min_size=0, max_size=400))
    return [(float(i * 60), y) for i, y in enumerate(ys)]


@given(series(), st.integers(min_value=3, max_value=120))
def test_a_longer_series_thins_to_exactly_the_threshold_keeping_ends_and_order(
        points: list[tuple[float, float]], threshold: int) -> None:
    thinned = lttb(points, threshold)
    if len(points) <= threshold:
        assert thinned == points
        return
    assert len(thinned) == threshold
    assert thinned[0] == points[0] and thinned[-1] == points[-1]
    indices = lttb_indices(points, threshold)
    assert indices == sorted(set(indices))  # strictly ascending: order kept, no point twice
    assert all(p in points for p in thinned)


def test_a_spike_survives_thinning() -> None:
    points = [(float(i), 0.0) for i in range(1000)]
    points[437] = (437.0, 100.0)
    assert (437.0, 100.0) in lttb(points, 50)


def test_a_threshold_below_three_is_refused_for_a_longer_series() -> None:
    with pytest.raises(ValueError):
        lttb([(0.0, 0.0), (1.0, 1.0), (2.0, math.pi)], 2)
