"""clean: value mapping, ranges and clock checks, de-duplication on the keys, flags, the ``date`` partition.

Order of work, and why: rows are checked first (a bad row must not shadow a good duplicate), then the survivors
are sorted on the keys and de-duplicated in one stable pass, so the kept duplicate is the first (or, per contract,
the last) in (object key, row) order and a re-run keeps the same one. Rows already curated by an earlier run
(``existing_keys``) count as duplicates. The table is copied once, by the final ``take``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline import flags, order
from mdap.pipeline.coerce import kst_dates
from mdap.pipeline.columns import Check, flat, map_distinct, rejections
from mdap.pipeline.contracts import DATE, SITE, ColumnSpec, Contract
from mdap.pipeline.stage import Stage, concat_rejected, reason_text

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
OLDEST = datetime(2000, 1, 1)  # earlier times are clock errors (an unset PLC clock reads 1970)


def clean(contract: Contract, table: pa.Table, *, now: datetime, existing_keys: pa.Table | None = None) -> Stage:
    table, checks = _map_values(contract, table)
    checks += _ranges(contract, table) + _clock(contract, table, now)
    rejected, passed = rejections(contract.name, table, checks)
    plan = _plan(contract, table, None if passed is None else passed.to_numpy(zero_copy_only=False), existing_keys)
    dropped = table.take(pa.array(plan.dropped)) if len(plan.dropped) else table.slice(0, 0)
    table = _flags(contract, table.take(pa.array(plan.kept)), plan, now)
    if DATE in contract.partitions and contract.time_column:
        table = table.append_column(DATE, kst_dates(table[contract.time_column]))
    report = {**plan.report, "duplicate_groups": _duplicate_groups(contract, dropped), "rows": table.num_rows}
    return Stage(table, concat_rejected([rejected]), report)


def _map_values(contract: Contract, table: pa.Table) -> tuple[pa.Table, list[Check]]:
    """Raw values to canonical ones (합격 -> pass); a value outside the mapping is ``invalid_value``."""
    checks: list[Check] = []
    for column in contract.columns:
        if not column.values or column.name not in table.column_names:
            continue
        mapping = column.values
        original = table[column.name]
        mapped = map_distinct(original, lambda v, m=mapping: m.get(v.strip().lower()))  # type: ignore[misc]
        bad = pc.and_(pc.is_valid(flat(original)), pc.is_null(mapped))
        allowed = ", ".join(sorted(set(mapping.values())))
        checks.append(("invalid_value", bad, reason_text("invalid_value", column.name, allowed)))
        table = table.set_column(table.schema.get_field_index(column.name), column.name, mapped)
    return table, checks


def _ranges(contract: Contract, table: pa.Table) -> list[Check]:
    checks: list[Check] = []
    for column in contract.columns:
        if column.type not in ("double", "bigint") or column.name not in table.column_names:
            continue
        values = table[column.name]
        bad = pc.invert(pc.is_finite(values)) if column.type == "double" else None
        for bound, compare in ((column.min, pc.less), (column.max, pc.greater)):
            if bound is not None:
                outside = compare(values, bound)
                bad = outside if bad is None else pc.or_(bad, outside)
        if bad is not None:
            checks.append(("out_of_range", bad, reason_text("out_of_range", column.name, _range_text(column))))
    return checks


def _range_text(column: ColumnSpec) -> str:
    low = "" if column.min is None else f"{column.min:g}"
    high = "" if column.max is None else f"{column.max:g}"
    return f"{low}~{high}{(' ' + column.unit) if column.unit else ''}"


def _clock(contract: Contract, table: pa.Table, now: datetime) -> list[Check]:
    name = contract.time_column
    if not name or name not in table.column_names:
        return []
    micros = flat(table[name]).cast(pa.int64())
    checks: list[Check] = [("out_of_range", pc.less(micros, _us(OLDEST)),
                            reason_text("out_of_range", name, "2000-01-01 이후"))]
    if contract.checks.future_seconds is not None:
        limit = _us(now) + int(contract.checks.future_seconds * 1_000_000)
        checks.append(("future_timestamp", pc.greater(micros, limit), reason_text("future_timestamp", name)))
    return checks


def _us(moment: datetime) -> int:
    """Microseconds since the epoch, exactly (naive datetimes are UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware - _EPOCH) // timedelta(microseconds=1)


@dataclass
class _Plan:
    kept: np.ndarray  # row indices to keep, in key order
    dropped: np.ndarray  # duplicate rows
    series: np.ndarray  # per kept row: an id of its series (the keys without the time), equal ids adjacent
    report: dict[str, Any]


def _plan(contract: Contract, table: pa.Table, passed: np.ndarray | None, existing_keys: pa.Table | None) -> _Plan:
    """Which rows survive, in which order: one stable sort of the checked rows on (keys, tie-breaks)."""
    keys = [k for k in contract.keys if k in table.column_names]
    ties = [t for t in contract.tie_break if t in table.column_names]
    codes = order.key_codes([table[k] for k in keys + ties])
    time_at = keys.index(contract.time_column) if contract.time_column in keys else None
    series_parts = [i for i in range(len(keys)) if i != time_at]
    if time_at is None or time_at != len(keys) - 1:
        key_arrays = order.combined(codes, list(range(len(keys))))
    else:
        key_arrays = order.with_time(order.combined(codes, series_parts), codes.ranks[time_at], passed)
    tie_arrays = order.combined(codes, list(range(len(keys), len(keys) + len(ties))))
    ordered = order.stable_order(key_arrays + tie_arrays, passed) if keys or ties else (
        np.arange(table.num_rows) if passed is None else np.flatnonzero(passed))
    del tie_arrays
    duplicate = order.duplicates(key_arrays, ordered, contract.keep) if keys else np.zeros(len(ordered), bool)
    del key_arrays
    earlier = np.zeros(len(ordered), dtype=bool)
    if existing_keys is not None and existing_keys.num_rows and keys:
        earlier = order.existing(codes, existing_keys, keys)[ordered] & ~duplicate
    gone = duplicate | earlier
    kept = ordered[~gone]
    report = {"duplicates": int(gone.sum()), "duplicates_in_batch": int(duplicate.sum()),
              "duplicates_of_earlier_runs": int(earlier.sum())}
    series = _series_ids([codes.ranks[i][kept] for i in series_parts], len(kept))
    return _Plan(kept, ordered[gone], series, report)


def _flags(contract: Contract, table: pa.Table, plan: _Plan, now: datetime) -> pa.Table:
    derived = {c.name for c in contract.derived}
    time = contract.time_column
    if not time or time not in table.column_names or not derived & {"stuck", "gap_s", "late"}:
        return table
    micros = flat(table[time]).cast(pa.int64()).to_numpy(zero_copy_only=False)
    checks = contract.checks
    if "stuck" in derived and "value" in table.column_names:
        values = pc.fill_null(flat(table["value"]).cast(pa.float64()), np.nan).to_numpy(zero_copy_only=False)
        table = table.append_column("stuck", flags.stuck(plan.series, micros, values, checks.stuck_readings,
                                                         checks.stuck_seconds))
    if "gap_s" in derived and checks.gap_seconds:
        table = table.append_column("gap_s", flags.gap_seconds(plan.series, micros, checks.gap_seconds))
    if "late" in derived and checks.late_hours is not None:
        table = table.append_column("late", flags.late(micros, _us(now), checks.late_hours))
    return table


def _series_ids(ranks: list[np.ndarray], n: int) -> np.ndarray:
    """One id per series for rows sorted by series: it changes exactly where any series key changes."""
    if not ranks:
        return np.zeros(n, dtype=np.int64)
    change = np.zeros(n, dtype=bool)
    for rank in ranks:
        change[1:] |= rank[1:] != rank[:-1]
    return np.cumsum(change)


def _duplicate_groups(contract: Contract, dropped: pa.Table) -> list[dict[str, Any]]:
    """Duplicates per (site, date, tag) for the data-quality table; tag is null for datasets without one."""
    if not dropped.num_rows or not contract.time_column:
        return []
    dates = kst_dates(dropped[contract.time_column])
    group = {SITE: flat(dropped[SITE]).cast(pa.string()) if SITE in dropped.column_names else
             pa.nulls(dropped.num_rows, pa.string()), DATE: dates,
             "tag": flat(dropped["tag"]).cast(pa.string()) if "tag" in dropped.column_names else
             pa.nulls(dropped.num_rows, pa.string())}
    counts = pa.table(group).group_by([SITE, DATE, "tag"], use_threads=False).aggregate([([], "count_all")])
    return [{"site": s, "date": d, "tag": t, "duplicates": c} for s, d, t, c in zip(
        *(counts[n].to_pylist() for n in (SITE, DATE, "tag", "count_all")), strict=True)]

