"""Data-quality scorecards per dataset, site and day (completeness, validity, timeliness, duplicates), from the
pipeline's curated data-quality metrics through the query engine (``scorecards.sql`` over the ``data_quality``
view). Not live status: the pipeline measures once per run, so answers are kept ``KEEP_SECONDS``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from mdap.domain.identity import is_site_id
from mdap.monitoring.access import Scope
from mdap.ports.clock import Clock
from mdap.ports.query import QueryEngine

SQL = (Path(__file__).with_name("scorecards.sql")).read_text(encoding="utf-8")
KEEP_SECONDS = 60.0
KST = timedelta(hours=9)


class Scorecards:
    def __init__(self, engine: Callable[[], QueryEngine], clock: Clock) -> None:
        self._engine, self._clock = engine, clock
        self._lock = threading.Lock()
        self._kept: dict[tuple[frozenset[str] | None, int], tuple[float, list[dict[str, Any]]]] = {}

    def daily(self, scope: Scope, days: int) -> list[dict[str, Any]]:
        key = (scope.sites, days)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and time.monotonic() - kept[0] < KEEP_SECONDS:
                return kept[1]
        found = self._query(scope, days)
        with self._lock:
            self._kept[key] = (time.monotonic(), found)
        return found

    def _query(self, scope: Scope, days: int) -> list[dict[str, Any]]:
        since = ((self._clock.now() + KST).date() - timedelta(days=days - 1)).isoformat()
        result = self._engine().query(SQL.format(since=since, sites=_sites(scope)))
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        for row in rows:
            total = (row.get("rows") or 0) + (row.get("duplicates") or 0)
            row["duplicate_share"] = (row.get("duplicates") or 0) / total if total else None
            row["measured_at"] = row["measured_at"].isoformat() if hasattr(row.get("measured_at"), "isoformat") \
                else row.get("measured_at")
        return rows


def _sites(scope: Scope) -> str:
    if scope.sites is None:
        return ""
    if not all(is_site_id(site) for site in scope.sites):  # ids are checked before they reach SQL
        raise ValueError("not a site id")
    return " AND site IN (" + ", ".join(f"'{site}'" for site in sorted(scope.sites)) + ")"
