"""Joins that keep the left table's row order: equality lookups and "which interval contains this time".

Arrow's hash join reorders rows and has no interval join, so lookups return, per left row, the index of the
matching right row (-1 for none); callers ``take`` the columns they want. Group keys become small integer codes,
intervals are searched with numpy's binary search per group (groups are assets or lines: hundreds at most).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline.columns import Array, plain


def group_codes(left: list[Array], right: list[Array]) -> tuple[np.ndarray, np.ndarray]:
    """Int64 codes of the combined key per row (equal keys, equal codes); left keys absent on the right -> -1.
    Null matches null (a reference row without an item is the asset's default)."""
    n_left, n_right = len(left[0]) if left else 0, len(right[0]) if right else 0
    left_code, right_code = np.zeros(n_left, np.int64), np.zeros(n_right, np.int64)
    missing = np.zeros(n_left, dtype=bool)
    for left_column, right_column in zip(left, right, strict=True):
        r_values, l_values = plain(right_column).cast(pa.string()), plain(left_column).cast(pa.string())
        distinct = pc.unique(pc.fill_null(r_values, "\x00"))
        size = len(distinct) + 1
        r_pos = pc.index_in(pc.fill_null(r_values, "\x00"), value_set=distinct).to_numpy(zero_copy_only=False)
        l_pos_arrow = pc.index_in(pc.fill_null(l_values, "\x00"), value_set=distinct)
        missing |= l_pos_arrow.is_null().to_numpy(zero_copy_only=False)
        l_pos = pc.fill_null(l_pos_arrow, 0).to_numpy(zero_copy_only=False)
        left_code, right_code = left_code * size + l_pos, right_code * size + r_pos
    return np.where(missing, -1, left_code), right_code


def equal(left: list[Array], right: list[Array]) -> np.ndarray:
    """Index of the first right row with the same key, per left row (-1 for none)."""
    left_code, right_code = group_codes(left, right)
    if not len(right_code):
        return np.full(len(left_code), -1, np.int64)
    codes, first = np.unique(right_code, return_index=True)
    position = np.clip(np.searchsorted(codes, left_code), 0, len(codes) - 1)
    found = (codes[position] == left_code) & (left_code >= 0)
    return np.where(found, first[position], -1)


def containing(left: list[Array], times: Array, right: list[Array], starts: Array, ends: Array) -> np.ndarray:
    """Index of the right interval [start, end) of the same key containing each left time (-1 for none).

    Among intervals of one key the latest start not after the time is taken; an open end (null) lasts until
    the next interval of that key starts. Intervals of one key are assumed not to nest.
    """
    left_code, right_code = group_codes(left, right)
    t = _micros(times)
    start, end = _micros(starts), _micros(ends)
    by_right = np.lexsort((start, right_code))
    r_code, r_start, r_end = right_code[by_right], start[by_right], end[by_right]
    following = np.append(r_start[1:], np.iinfo(np.int64).max)
    same_next = np.append(r_code[1:] == r_code[:-1], False)
    r_end = np.where(r_end == np.iinfo(np.int64).min, np.where(same_next, following, np.iinfo(np.int64).max), r_end)
    by_left = np.lexsort((t, left_code))
    l_code, l_time = left_code[by_left], t[by_left]
    found = np.full(len(t), -1, np.int64)
    for code in np.unique(r_code):
        r_lo, r_hi = np.searchsorted(r_code, code, "left"), np.searchsorted(r_code, code, "right")
        l_lo, l_hi = np.searchsorted(l_code, code, "left"), np.searchsorted(l_code, code, "right")
        if l_lo == l_hi:
            continue
        position = np.searchsorted(r_start[r_lo:r_hi], l_time[l_lo:l_hi], side="right") - 1
        index = r_lo + np.maximum(position, 0)
        hit = (position >= 0) & (l_time[l_lo:l_hi] < r_end[index])
        found[l_lo:l_hi] = np.where(hit, by_right[index], -1)
    result = np.empty(len(t), np.int64)
    result[by_left] = found
    return result


def _micros(values: Array) -> np.ndarray:
    ints = plain(values).cast(pa.int64())
    result: np.ndarray = pc.fill_null(ints, np.iinfo(np.int64).min).to_numpy(zero_copy_only=False)
    return result


def take(column: Array, index: np.ndarray) -> pa.Array:
    """``column`` at ``index``; -1 gives null."""
    indices = pa.array(index, mask=index < 0)
    return pc.take(plain(column), indices)
