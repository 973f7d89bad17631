"""The scheduled evaluation of the alarm rules (every ``MDAP_MONITORING_EVALUATE_SECONDS`` locally, every minute in
AWS): every collector's status record and the newest pipeline runs → the conditions that hold → each condition's
open alarm raised, followed or cleared. Raising notifies; every change is in the audit log (scope "alarm").

Between evaluations it keeps each collector's refused count (``MONITOR#EVALUATION``), so "readings refused" means
refused since the previous evaluation. A change that races an acknowledgement is skipped (ConditionFailed) and
made by the next evaluation, which sees the acknowledged alarm.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mdap.domain.monitoring.alarms import SYSTEM, Alarm, Condition, reconcile
from mdap.domain.monitoring.rules import collector_conditions, run_conditions
from mdap.domain.monitoring.thresholds import Thresholds
from mdap.monitoring import collectors, runs
from mdap.monitoring.alarm_store import AlarmStore
from mdap.monitoring.notices import AlarmNotices
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed
from mdap.ports.table import Table
from mdap.program.audit import AuditLog

STATE_KEY = ("MONITOR#EVALUATION", "STATE")


@dataclass
class Evaluated:
    raised: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    conflicts: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"raised": self.raised, "updated": self.updated, "cleared": self.cleared, "conflicts": self.conflicts}


class Evaluator:
    def __init__(self, table: Table, clock: Clock, limits: Thresholds, notices: AlarmNotices, audit: AuditLog,
                 new_id: Callable[[], str] | None = None) -> None:
        self._table, self._clock, self._limits = table, clock, limits
        self._store = AlarmStore(table)
        self._notices, self._audit = notices, audit
        self._new_id = new_id or (lambda: uuid.uuid4().hex[:16])

    def evaluate(self) -> Evaluated:
        now = self._clock.now()
        conditions, refused = self._conditions(now)
        holding = {c.key: c for c in conditions}
        open_alarms = {alarm.key: (alarm, version) for alarm, version in self._store.open_alarms()}
        done = Evaluated()
        for key in sorted(set(holding) | set(open_alarms)):
            alarm, version = open_alarms.get(key, (None, 0))
            decided = reconcile(alarm, holding.get(key), now, self._new_id())
            if decided is not None:
                self._apply(*decided, version, done)
        self._table.put(*STATE_KEY, {"refused": refused, "evaluated_at": now.isoformat()})
        return done

    def _conditions(self, now: Any) -> tuple[list[Condition], dict[str, int]]:
        before = self._refused_before()
        found: list[Condition] = []
        refused: dict[str, int] = {}
        for record in collectors.status_records(self._table):
            report = collectors.report_of(record)
            key = f"{report.site}#{report.device}"
            found += collector_conditions(report, now, self._limits, before.get(key))
            refused[key] = report.refused
        records, _ = runs.recent_runs(self._table, sites=None, limit=runs.WINDOW)
        found += run_conditions([r for r in map(runs.report_of, records) if r is not None], self._limits)
        return found, refused

    def _refused_before(self) -> Mapping[str, int]:
        item = self._table.get(*STATE_KEY)
        return dict(item.data.get("refused") or {}) if item else {}

    def _apply(self, change: str, alarm: Alarm, version: int, done: Evaluated) -> None:
        try:
            if change == "raised":
                self._store.raised(alarm)
            else:
                self._store.changed(alarm, version)
        except ConditionFailed:
            done.conflicts += 1
            return
        getattr(done, change).append(alarm.id)
        self._audit.record(SYSTEM, f"alarm.{change}", {"alarm": alarm.id},
                           after={"state": alarm.state.value, "severity": alarm.severity.value,
                                  "site": alarm.site, "rule": alarm.rule, "subject": alarm.subject})
        if change == "raised":
            self._notices.announce(alarm)
