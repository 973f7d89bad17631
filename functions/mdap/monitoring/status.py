"""The monitoring page's one answer: collectors, tags, open alarms, recent runs and datasets, from the Table only
(never the query engine: live status must not wait for Athena).

A page polls every 5 s; many pages poll the same scope. So an answer is built at most once per ``FRESH_SECONDS``
per scope, by one request at a time: while it builds, the others get the previous answer (or wait for the first
one). It carries an ETag over its content without ``generated_at``: a poll whose ``If-None-Match`` matches gets
304. Collector states and tag flags are judged
against the clock when the answer is built, so a collector turning stale changes the ETag even when no record did.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mdap.domain.monitoring.health import CollectorState, collector_health, tag_flags
from mdap.domain.monitoring.thresholds import Thresholds
from mdap.monitoring import collectors, runs
from mdap.monitoring.access import Scope
from mdap.monitoring.alarm_store import AlarmStore
from mdap.ports.clock import Clock
from mdap.ports.table import Table

FRESH_SECONDS = 1.0
RECENT_RUNS = 10
MAX_TAGS = 1000  # tags in one answer (the page pages them); tags_total says how many there are


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one answer, however many polls share it
class Snapshot:
    body: dict[str, Any]
    etag: str


class StatusBoard:
    def __init__(self, table: Table, clock: Clock, limits: Thresholds,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._table, self._clock, self._limits = table, clock, limits
        self._alarms = AlarmStore(table)
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._building: dict[frozenset[str] | None, threading.Lock] = {}
        self._cached: dict[frozenset[str] | None, tuple[float, Snapshot]] = {}

    def snapshot(self, scope: Scope) -> Snapshot:
        key = scope.sites
        with self._lock:
            builder = self._building.setdefault(key, threading.Lock())
            cached = self._cached.get(key)
        if cached is not None and self._monotonic() - cached[0] < FRESH_SECONDS:
            return cached[1]
        if cached is not None and not builder.acquire(blocking=False):
            return cached[1]  # another request is building the next one: this answer is at most a moment older
        if cached is None:
            builder.acquire()
        try:
            with self._lock:
                cached = self._cached.get(key)
            if cached is not None and self._monotonic() - cached[0] < FRESH_SECONDS:
                return cached[1]
            built = self.build(scope)
            with self._lock:
                self._cached[key] = (self._monotonic(), built)
            return built
        finally:
            builder.release()

    def forget(self) -> None:
        """Build the next answers afresh (after a person changed an alarm, so their page shows it at once)."""
        with self._lock:
            self._cached.clear()

    def build(self, scope: Scope) -> Snapshot:
        now = self._clock.now()
        content = self._content(scope, now)
        etag = '"' + hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:32] + '"'
        return Snapshot({"generated_at": now.isoformat(), **content}, etag)

    def _content(self, scope: Scope, now: datetime) -> dict[str, Any]:
        site = scope.single
        records = [r for r in collectors.status_records(self._table, site) if scope.covers(str(r.get("site")))]
        shown, tags = self._collectors(records, now)
        alarms = [a for a, _ in self._alarms.open_alarms(site) if scope.covers(a.site)]
        alarms.sort(key=lambda a: (a.state.value != "ACTIVE", _rank(a.severity.value), -a.raised_at.timestamp()))
        recent, _ = runs.recent_runs(self._table, sites=scope.sites, limit=runs.WINDOW, scan_pages=2)
        sites = {str(r.get("site")) for r in records} | {a.site for a in alarms} | {str(r["site"]) for r in recent}
        counts = {state.value: sum(c["state"] == state.value for c in shown) for state in CollectorState}
        return {
            "site": site, "sites": sorted(sites),
            "thresholds": {"stale_seconds": self._limits.stale_seconds, "offline_seconds": self._limits.offline_seconds,
                           "tag_stale_seconds": self._limits.tag_stale_seconds,
                           "tag_stuck_seconds": self._limits.tag_stuck_seconds},
            "counts": {**counts, "active_alarms": sum(a.state.value == "ACTIVE" for a in alarms),
                       "acknowledged_alarms": sum(a.state.value == "ACKNOWLEDGED" for a in alarms)},
            "collectors": shown, "tags": tags[:MAX_TAGS], "tags_total": len(tags),
            "alarms": [_alarm(a.as_json()) for a in alarms],
            "runs": [runs.run_view(r) for r in recent[:RECENT_RUNS]], "datasets": runs.datasets(recent),
        }  # fmt: skip

    def _collectors(self, records: list[dict[str, Any]], now: datetime) -> tuple[list[dict[str, Any]],
                                                                                 list[dict[str, Any]]]:
        shown, tags = [], []
        for record in records:
            report = collectors.report_of(record)
            shown.append(collectors.collector_view(record, report, collector_health(report, now, self._limits)))
            for tag in collectors.tags_of(record):
                flags = tag_flags(tag, now, self._limits)
                tags.append({"site": report.site, "device": report.device, "asset": tag.asset, "tag": tag.tag,
                             "value": tag.value, "text": tag.text, "quality": tag.quality, "ts": tag.ts.isoformat(),
                             "since": tag.since.isoformat(), "stale": flags.stale, "stuck": flags.stuck})
        return shown, tags


def _rank(severity: str) -> int:
    return {"critical": 0, "warning": 1, "info": 2}.get(severity, 3)


def _alarm(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "history"}
