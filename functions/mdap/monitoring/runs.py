"""Preprocessing runs as the pipeline records them (``mdap.pipeline.runs``: ``PIPELINE#RUN#<id>``, newest first
through gsi1 ``PIPELINE#RUNS``): the list the page shows, each dataset's freshness and quarantine reasons, and the
reports the alarm rules judge."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from mdap.domain.monitoring.rules import RunReport
from mdap.monitoring.collectors import moment
from mdap.pipeline.runs import RUNS_INDEX
from mdap.ports.table import Table

WINDOW = 200  # runs read for freshness, reasons and the rules: the newest across all sites


def recent_runs(table: Table, *, sites: frozenset[str] | None, limit: int, dataset: str | None = None,
                cursor: str | None = None, scan_pages: int = 5) -> tuple[list[dict[str, Any]], str | None]:
    """Run records newest first, of ``sites`` (None: all) and ``dataset``; a cursor while more may follow."""
    found: list[dict[str, Any]] = []
    for _ in range(scan_pages):
        page = table.query(RUNS_INDEX, index="gsi1", descending=True, limit=100, cursor=cursor)
        found += [dict(item.data) for item in page.items if _wanted(item.data, sites, dataset)]
        cursor = page.cursor
        if cursor is None or len(found) >= limit:
            break
    return found[:limit], cursor


def _wanted(record: Mapping[str, Any], sites: frozenset[str] | None, dataset: str | None) -> bool:
    return (sites is None or record.get("site") in sites) and (dataset is None or record.get("dataset") == dataset)


def run_view(record: Mapping[str, Any]) -> dict[str, Any]:
    counts = record.get("counts") or {}
    return {
        "run_id": str(record.get("run_id", "")), "dataset": str(record.get("dataset", "")),
        "site": str(record.get("site", "")), "status": str(record.get("status", "")),
        "source": record.get("source"), "started_at": record.get("started_at"),
        "finished_at": record.get("finished_at"), "duration_s": record.get("duration_s"),
        "rows_in": counts.get("rows_in"), "rows_out": counts.get("rows_out"),
        "quarantined": counts.get("quarantined"), "duplicates": counts.get("duplicates"),
        "objects": counts.get("objects", record.get("input_count")), "error": record.get("error"),
        "quarantined_by_reason": {str(k): int(v) for k, v in (record.get("quarantined_by_reason") or {}).items()},
    }  # fmt: skip


def report_of(record: Mapping[str, Any]) -> RunReport | None:
    started = moment(record.get("started_at"))
    if started is None:
        return None
    counts = record.get("counts") or {}
    return RunReport(run_id=str(record.get("run_id", "")), dataset=str(record.get("dataset", "")),
                     site=str(record.get("site", "")), status=str(record.get("status", "")), started_at=started,
                     finished_at=moment(record.get("finished_at")), rows_out=int(counts.get("rows_out") or 0),
                     quarantined=int(counts.get("quarantined") or 0), error=record.get("error"))


def datasets(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per (dataset, site), from runs newest first: the newest run's status, when data last arrived (the newest
    successful run's end: freshness), and the quarantine reasons over the runs read."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    reasons: dict[tuple[str, str], Counter[str]] = {}
    for record in records:
        key = (str(record.get("dataset", "")), str(record.get("site", "")))
        entry = found.setdefault(key, {"dataset": key[0], "site": key[1], "last_status": record.get("status"),
                                       "last_run_at": record.get("started_at"), "last_success_at": None,
                                       "runs": 0, "failed": 0})
        entry["runs"] += 1
        entry["failed"] += record.get("status") == "failed"
        if record.get("status") == "succeeded" and entry["last_success_at"] is None:
            entry["last_success_at"] = record.get("finished_at")
        reasons.setdefault(key, Counter()).update(
            {str(k): int(v) for k, v in (record.get("quarantined_by_reason") or {}).items()})
    return [{**entry, "quarantined_by_reason": dict(sorted(reasons[key].items()))}
            for key, entry in sorted(found.items())]
