"""Data-quality metrics per dataset, site, day (KST) and tag, and the k-anonymity report.

- completeness: share of filled cells among the contract's curated input columns (a reading's ``value`` and
  ``value_text`` are alternatives: either one fills the measurement);
- validity: curated rows / (curated + quarantined) rows; quarantined rows are placed by the site, time and tag
  written in their original cells (an unreadable time counts on the day of the run);
- timeliness: share of rows not flagged late (null where the dataset has no lateness rule);
- duplicates: rows dropped as duplicates, where the clean step said for which group.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mdap.domain.privacy.kanon import k_anonymity_report
from mdap.pipeline import coerce
from mdap.pipeline.columns import plain
from mdap.pipeline.contracts import DATE, SITE, Contract
from mdap.pipeline.stage import hive_values

QUALITY_SCHEMA = pa.schema([
    ("dataset", pa.string()), ("site", pa.string()), ("date", pa.string()), ("tag", pa.string()),
    ("rows", pa.int64()), ("quarantined", pa.int64()), ("duplicates", pa.int64()), ("completeness", pa.float64()),
    ("validity", pa.float64()), ("timeliness", pa.float64()), ("measured_at", pa.timestamp("us")),
])  # fmt: skip
_ALTERNATIVES = (("value", "value_text"),)
_GROUP = [SITE, DATE, "tag"]


def quality(contract: Contract, curated: pa.Table, rejected: pa.Table, *,
            duplicates: int | Sequence[Mapping[str, Any]], now: datetime) -> pa.Table:
    rows = _curated_groups(contract, curated)
    quarantined = _quarantine_groups(contract, rejected, now)
    # the clean step's groups (none listed: none dropped), or a total, which above 0 says nothing of one group
    if isinstance(duplicates, int):
        dups: dict[tuple[Any, ...], int] = {}
        unlisted = 0 if duplicates == 0 else None
    else:
        dups = {(d["site"], d["date"], d["tag"]): int(d["duplicates"]) for d in duplicates}
        unlisted = 0
    keys = sorted(set(rows) | set(quarantined) | set(dups), key=lambda k: tuple(x or "" for x in k))
    measured = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
    records = []
    for key in keys:
        count, filled, on_time = rows.get(key, (0, 0.0, None))
        bad = quarantined.get(key, 0)
        records.append({
            "dataset": contract.name, "site": key[0], "date": key[1], "tag": key[2], "rows": count,
            "quarantined": bad, "duplicates": dups.get(key, unlisted),
            "completeness": filled if count else None, "validity": count / (count + bad) if count + bad else None,
            "timeliness": on_time, "measured_at": measured,
        })  # fmt: skip
    return pa.Table.from_pylist(records, schema=QUALITY_SCHEMA)


def _curated_groups(contract: Contract, curated: pa.Table) -> dict[tuple[Any, ...], tuple[int, float, Any]]:
    if not curated.num_rows:
        return {}
    present = _presence(contract, curated)
    columns = {SITE: _text(curated, SITE), DATE: _text(curated, DATE), "tag": _text(curated, "tag"),
               "filled": present}
    aggregates: list[Any] = [([], "count_all"), ("filled", "mean")]
    if "late" in curated.column_names:
        columns["on_time"] = pc.cast(pc.invert(pc.fill_null(curated["late"], False)), pa.float64())
        aggregates.append(("on_time", "mean"))
    grouped = pa.table(columns).group_by(_GROUP, use_threads=False).aggregate(aggregates)
    on_time = grouped["on_time_mean"].to_pylist() if "on_time_mean" in grouped.column_names else [None] * len(
        grouped)
    return {(s, d, t): (c, f, o) for s, d, t, c, f, o in zip(
        *(grouped[n].to_pylist() for n in (*_GROUP, "count_all", "filled_mean")), on_time, strict=True)}


def _presence(contract: Contract, curated: pa.Table) -> pa.Array:
    """Per row: the share of the curated input columns that are filled."""
    names = [c.name for c in contract.columns if c.pii != "drop" and c.name in curated.column_names]
    masks = []
    for first, second in _ALTERNATIVES:
        if first in names and second in names:
            names = [n for n in names if n not in (first, second)]
            masks.append(pc.or_(pc.is_valid(curated[first]), pc.is_valid(curated[second])))
    masks += [pc.is_valid(curated[name]) for name in names]
    total: Any = pa.repeat(pa.scalar(0.0), curated.num_rows)
    for mask in masks:
        total = pc.add(total, pc.cast(mask, pa.float64()))
    return pc.divide(total, float(max(len(masks), 1)))


def _quarantine_groups(contract: Contract, rejected: pa.Table, now: datetime) -> dict[tuple[Any, ...], int]:
    rows = rejected.filter(pc.greater(rejected["row_number"], 0)) if rejected.num_rows else rejected
    if not rows.num_rows:
        return {}
    sites, times, tags = [], [], []
    for key, original in zip(rows["object"].to_pylist(), rows["original"].to_pylist(), strict=True):
        cells = _cells(contract, original)
        sites.append(cells.get(SITE) or hive_values(key or "").get(SITE, ""))
        times.append(cells.get(contract.time_column or "", None))
        tags.append(cells.get("tag"))
    parsed = coerce.timestamp(pa.array([t if isinstance(t, str) else None for t in times], pa.string()))
    dates = coerce.kst_dates(parsed).to_pylist()
    today = coerce.kst_dates(pa.array([now.astimezone(UTC).replace(tzinfo=None)], pa.timestamp("us")))[0].as_py()
    counts: dict[tuple[Any, ...], int] = {}
    for site, day, tag in zip(sites, dates, tags, strict=True):
        key = (site, day or today, tag if "tag" in {c.name for c in contract.columns} else None)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _cells(contract: Contract, original: str | None) -> dict[str, Any]:
    """A quarantined row's original cells by contract column name (headers may be aliases)."""
    try:
        cells = json.loads(original or "{}")
    except ValueError:
        return {}
    if not isinstance(cells, dict):
        return {}
    named = {SITE: cells.get(SITE)}
    for header, value in cells.items():
        name = contract.column_for(str(header))
        if name:
            named[name] = value
    return named


def _text(table: pa.Table, name: str) -> pa.Array:
    if name not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    return plain(table[name]).cast(pa.string())


def k_anonymity(contract: Contract, table: pa.Table) -> dict[str, Any]:
    """Smallest group sharing all quasi-identifiers (only those present in ``table``), against ``contract.k``."""
    names = [n for n in contract.quasi_identifiers if n in table.column_names]
    if not names or not table.num_rows:
        return k_anonymity_report(names, [], contract.k).as_dict()
    columns = {n: plain(table[n]) for n in names}
    grouped = pa.table(columns).group_by(names, use_threads=False).aggregate([([], "count_all")])
    return k_anonymity_report(names, grouped["count_all"].to_pylist(), contract.k).as_dict()
