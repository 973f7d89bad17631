"""Sorting and de-duplication on the contract's keys, as integer arithmetic over numpy arrays.

Text keys become ranks (their position in the sorted distinct values), so a multi-column key is one or two int64
arrays and a stable sort of millions of rows takes a fraction of a second. Sorting is stable over the input order
(objects by key, then rows), which makes the surviving duplicate, and so every re-run, deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline.columns import Array, flat, plain

_BITS = 62


@dataclass
class KeyCodes:
    """Per key column: the int64 rank of every row, and the sorted distinct values (for text columns)."""

    ranks: list[np.ndarray]
    values: list[pa.Array | None]
    cardinality: list[int]


def key_codes(columns: list[Array]) -> KeyCodes:
    ranks, values, sizes = [], [], []
    for column in columns:
        array = flat(column)
        if pa.types.is_dictionary(array.type) or pa.types.is_string(array.type):
            rank, distinct = _text_ranks(array)
            ranks.append(rank)
            values.append(distinct)
            sizes.append(len(distinct) + 1)
        else:
            ranks.append(_numbers(array))
            values.append(None)
            sizes.append(0)
    return KeyCodes(ranks, values, sizes)


def _text_ranks(array: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Rank (int32) of each row's text among the sorted distinct values; null ranks 0 (sorts first)."""
    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    dictionary = encoded.dictionary.cast(pa.string())
    distinct = pc.unique(dictionary)
    distinct = pc.take(distinct, pc.sort_indices(distinct))
    position = pc.index_in(dictionary, value_set=distinct).to_numpy(zero_copy_only=False).astype(np.int32) + 1
    if not len(position):
        return np.zeros(len(encoded), np.int32), distinct
    if encoded.null_count == 0:
        return position[encoded.indices.to_numpy()], distinct
    indices = pc.fill_null(encoded.indices, 0).to_numpy()
    return np.where(encoded.is_valid().to_numpy(zero_copy_only=False), position[indices], 0), distinct


def combined(codes: KeyCodes, parts: list[int]) -> list[np.ndarray]:
    """The key columns ``parts`` folded into as few int64 arrays as fit (text ranks mixed-radix, in place)."""
    folded: list[np.ndarray] = []
    current: np.ndarray | None = None
    span = 1
    for index in parts:
        size = codes.cardinality[index]
        rank = codes.ranks[index]
        if size and current is not None and span * size < 2**_BITS:
            current *= size
            current += rank
            span *= size
            continue
        if current is not None:
            folded.append(current)
        current = rank.astype(np.int64)  # a copy: the ranks stay untouched for other foldings
        span = size if size else 2**_BITS
    if current is not None:
        folded.append(current)
    return folded


def with_time(series: list[np.ndarray], micros: np.ndarray, passed: np.ndarray | None) -> list[np.ndarray]:
    """Series codes and a time column folded into one int64 key when their ranges fit (one sort key is faster
    than two); otherwise both, in sort-priority order. ``series`` is consumed (folded in place)."""
    if len(series) != 1 or not len(micros):
        return [*series, micros]
    ids = series[0]
    where: np.ndarray | bool = True if passed is None else passed
    low = int(np.min(micros, where=where, initial=np.iinfo(np.int64).max))
    high = int(np.max(micros, where=where, initial=np.iinfo(np.int64).min))
    span = high - low + 1
    if span <= 0 or int(ids.min()) < 0 or (int(ids.max()) + 1) * span >= 2**_BITS:
        return [*series, micros]
    ids *= span  # rows that did not pass may fold to anything: they are never sorted
    ids += micros
    ids -= low
    return [ids]


def stable_order(keys: list[np.ndarray], passed: np.ndarray | None) -> np.ndarray:
    """Indices of the rows that passed, in key order, ties in input order. A single key is sorted in place of
    a gathered copy: rows that did not pass get the largest key and are cut off the end."""
    count = len(keys[0]) if passed is None else int(passed.sum())
    if len(keys) == 1:
        key = keys[0]
        if passed is not None:
            key[~passed] = np.iinfo(np.int64).max
        return np.argsort(key, kind="stable")[:count]
    failed = [] if passed is None else [~passed]
    return np.lexsort([*reversed(keys), *failed])[:count]


def duplicates(keys: list[np.ndarray], ordered: np.ndarray, keep: str) -> np.ndarray:
    """Mask over ``ordered`` of rows whose key equals a neighbour's: all but the first (or last) of each key."""
    n = len(ordered)
    same = np.ones(max(n - 1, 0), dtype=bool)
    for key in keys:
        values = key[ordered]
        same &= values[1:] == values[:-1]
    mask = np.zeros(n, dtype=bool)
    if keep == "last":
        mask[:-1] = same
    else:
        mask[1:] = same
    return mask


def existing(codes: KeyCodes, existing_keys: pa.Table, names: list[str]) -> np.ndarray:
    """Mask of rows whose key (the first ``len(names)`` key columns) is already in ``existing_keys``."""
    count = len(names)
    ranks, known = [], np.ones(existing_keys.num_rows, dtype=bool)
    for index, name in enumerate(names):
        column = plain(existing_keys[name])
        distinct = codes.values[index]
        if distinct is None:
            ranks.append(_numbers(column))
            continue
        position = pc.index_in(column.cast(pa.string()), value_set=distinct)
        known &= position.is_valid().to_numpy(zero_copy_only=False) | column.is_null().to_numpy(zero_copy_only=False)
        ranks.append(pc.fill_null(pc.add(position, 1), 0).to_numpy(zero_copy_only=False).astype(np.int64))
    theirs = KeyCodes([rank[known] for rank in ranks], codes.values, codes.cardinality)
    ours_keys, their_keys = combined(codes, list(range(count))), combined(theirs, list(range(count)))
    if len(ours_keys) == 1:
        return np.isin(ours_keys[0], their_keys[0])
    ours = pa.table({f"k{i}": k for i, k in enumerate(ours_keys)}).append_column(
        "_i", pa.array(np.arange(len(ours_keys[0]))))
    matched = ours.join(pa.table({f"k{i}": k for i, k in enumerate(their_keys)}).group_by(
        [f"k{i}" for i in range(len(their_keys))]).aggregate([]), [f"k{i}" for i in range(len(ours_keys))],
        join_type="left semi", use_threads=False)
    mask = np.zeros(len(ours_keys[0]), dtype=bool)
    mask[matched["_i"].to_numpy()] = True
    return mask


def _numbers(column: pa.Array) -> np.ndarray:
    result: np.ndarray = pc.fill_null(column.cast(pa.int64()), np.iinfo(np.int64).min).to_numpy(
        zero_copy_only=False)
    return result
