"""Arrow helpers the steps share: per-distinct-value mapping, JSON of rows, quarantine rows from a mask.

Low-cardinality text (tags, states, names, notes repeated across readings) is mapped once per distinct value, so
Python-level work (detectors, HMAC) costs per distinct value, never per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline.stage import LINEAGE, OBJECT, ORIGINAL, QUARANTINE_SCHEMA, ROW

Array: TypeAlias = pa.Array | pa.ChunkedArray


def flat(values: Array) -> pa.Array:
    """One contiguous array; dictionary chunks (one per object, each with its own dictionary) are unified first."""
    if not isinstance(values, pa.ChunkedArray):
        return values
    if pa.types.is_dictionary(values.type) and values.num_chunks > 1:
        values = pa.table({"v": values}).unify_dictionaries()["v"]
    return values.combine_chunks()


def plain(values: Array) -> pa.Array:
    """A string array without dictionary encoding."""
    values = flat(values)
    return values.dictionary_decode() if pa.types.is_dictionary(values.type) else values


def map_distinct(values: Array, fn: Callable[[str], str | None], *, only: str | None = None) -> Array:
    """``fn`` applied once per distinct non-null text value; ``only`` (an RE2 pattern) limits the calls to the
    values it matches, the others pass through unchanged. Dictionary-encoded input stays dictionary-encoded."""
    values = flat(values)
    if pa.types.is_null(values.type):
        return values.cast(pa.string())
    if pa.types.is_dictionary(values.type):
        return _with_dictionary(values, _map_values(values.dictionary, fn, only))
    distinct = pc.unique(values).drop_null()
    mapped = _map_values(distinct, fn, only)
    return pc.take(mapped, pc.index_in(values, value_set=distinct))


def _with_dictionary(values: pa.DictionaryArray, mapped: pa.Array) -> pa.DictionaryArray:
    """``values`` with a new dictionary; entries mapped to null become null rows (Parquet writers refuse nulls
    inside a dictionary)."""
    indices = values.indices
    if mapped.null_count:
        gone = pc.take(mapped.is_null(), indices)
        indices = pc.if_else(gone, pa.scalar(None, indices.type), indices)
        mapped = pc.fill_null(mapped, "")
    return pa.DictionaryArray.from_arrays(indices, mapped)


def _map_values(distinct: pa.Array, fn: Callable[[str], str | None], only: str | None) -> pa.Array:
    texts = distinct.to_pylist()
    wanted = pc.match_substring_regex(distinct, only).to_pylist() if only else [True] * len(texts)
    return pa.array([fn(t) if w and t is not None else t for t, w in zip(texts, wanted, strict=True)], pa.string())


def json_rows(table: pa.Table, columns: list[str] | None = None) -> pa.Array:
    """One JSON object per row, every value as text (``null`` for null): a row's cells as a person typed them."""
    names = [n for n in (columns or table.column_names) if n not in LINEAGE]
    if not names:
        return pa.array(["{}"] * table.num_rows, pa.string())
    pieces: list[pa.Array | str] = []
    for index, name in enumerate(names):
        pieces.append(("{" if index == 0 else ",") + _json_string(name) + ":")
        pieces.append(_json_value(table[name]))
    pieces.append("}")
    return pc.binary_join_element_wise(*pieces, "")


def _json_value(values: Array) -> pa.Array:
    values = plain(values)
    if pa.types.is_timestamp(values.type):
        text = pc.strftime(values, format="%Y-%m-%dT%H:%M:%S")
    else:
        text = values.cast(pa.string()) if not pa.types.is_string(values.type) else values
    escaped = pc.replace_substring_regex(pc.replace_substring(text, "\\", "\\\\"), '"', '\\\\"')
    escaped = pc.replace_substring_regex(escaped, r"[\x00-\x1f]", " ")  # control characters: JSON-safe, still legible
    quoted = pc.binary_join_element_wise('"', escaped, '"', "")
    return pc.fill_null(quoted, "null")


def _json_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def quarantine_rows(dataset: str, table: pa.Table, code: str, reason: Array | str) -> pa.Table:
    """QUARANTINE_SCHEMA rows for every row of ``table``: original cells from ``_original`` when a text file
    supplied them, else the row's current values."""
    n = table.num_rows
    original = table[ORIGINAL] if ORIGINAL in table.column_names else json_rows(table)
    reasons = pa.array([reason] * n, pa.string()) if isinstance(reason, str) else reason
    return pa.Table.from_arrays([
        pa.array([dataset] * n, pa.string()), plain(table[OBJECT]).cast(pa.string()), flat(table[ROW]),
        pa.array([code] * n, pa.string()), plain(reasons), flat(original),
    ], schema=QUARANTINE_SCHEMA)  # fmt: skip


def split(dataset: str, table: pa.Table, bad: Array, code: str, reason: Array | str) -> tuple[pa.Table, pa.Table]:
    """(rows where ``bad`` is false, their quarantine rows where it is true)."""
    bad = pc.fill_null(bad, False)
    if not pc.any(bad).as_py():
        return table, QUARANTINE_SCHEMA.empty_table()
    rejected = table.filter(bad)
    if not isinstance(reason, str):
        reason = pc.filter(reason, bad)
    return table.filter(pc.invert(bad)), quarantine_rows(dataset, rejected, code, reason)


Check = tuple[str, Array, str]  # (reason code, mask of bad rows, Korean reason text)


def reject(dataset: str, table: pa.Table, checks: list[Check]) -> tuple[pa.Table, pa.Table, pa.Array | None]:
    """Apply checks in order: each row is quarantined once, with the first reason it fails.

    Returns (kept rows, quarantine rows, mask of kept rows or None when nothing was rejected).
    """
    rejected, keep = rejections(dataset, table, checks)
    return (table if keep is None else table.filter(keep)), rejected, keep


def rejections(dataset: str, table: pa.Table, checks: list[Check]) -> tuple[pa.Table, pa.Array | None]:
    """(quarantine rows, mask of rows that pass every check or None when all do), without copying the table:
    at millions of rows every copy counts, so callers that sort anyway fold the mask into their ``take``."""
    taken: pa.Array | None = None
    rejected = []
    for code, bad, reason in checks:
        bad = pc.fill_null(flat(bad), False)
        fresh = bad if taken is None else pc.and_(bad, pc.invert(taken))
        if not pc.any(fresh).as_py():
            continue
        rejected.append(quarantine_rows(dataset, table.filter(fresh), code, reason))
        taken = fresh if taken is None else pc.or_(taken, fresh)
    if taken is None:
        return QUARANTINE_SCHEMA.empty_table(), None
    joined = pa.concat_tables(rejected).sort_by([("object", "ascending"), ("row_number", "ascending")])
    return joined, pc.invert(taken)
