"""Monitoring over one container's ports (built once per container): the status board, alarms and their
acknowledgement, runs, data-quality scorecards, and the evaluation the scheduled task runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.monitoring.alarms import Alarm, acknowledge
from mdap.domain.monitoring.thresholds import Thresholds
from mdap.monitoring import runs
from mdap.monitoring.access import scope_for, visible_alarm
from mdap.monitoring.alarm_store import AlarmStore
from mdap.monitoring.evaluation import Evaluator
from mdap.monitoring.notices import AlarmNotices
from mdap.monitoring.quality import Scorecards
from mdap.monitoring.status import Snapshot, StatusBoard
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed
from mdap.ports.table import Table
from mdap.program.audit import AuditLog

ACK_ATTEMPTS = 3


@dataclass(frozen=True)
class Monitoring:
    board: StatusBoard
    alarms: AlarmStore
    evaluator: Evaluator
    scorecards: Scorecards
    audit: AuditLog
    clock: Clock
    table: Table

    def status(self, principal: Principal, site: str | None) -> Snapshot:
        return self.board.snapshot(scope_for(principal, site))

    def list_alarms(self, principal: Principal, site: str | None, *, open_only: bool, limit: int,
                    cursor: str | None) -> tuple[list[Alarm], str | None]:
        scope = scope_for(principal, site)
        if open_only:
            found = sorted((a for a, _ in self.alarms.open_alarms(scope.single) if scope.covers(a.site)),
                           key=lambda a: a.raised_at, reverse=True)
            return found[:limit], None
        return self.alarms.recent(sites=scope.sites, limit=limit, cursor=cursor)

    def alarm(self, principal: Principal, alarm_id: str) -> Alarm:
        return visible_alarm(principal, self.alarms.get(alarm_id)[0])

    def acknowledge(self, principal: Principal, alarm_id: str) -> Alarm:
        """ACTIVE → ACKNOWLEDGED by the caller, recorded in the audit log; again: the same answer, no change."""
        for _ in range(ACK_ATTEMPTS):
            alarm, record_version = self.alarms.get(alarm_id)
            visible_alarm(principal, alarm)
            done = acknowledge(alarm, principal.email, self.clock.now())
            if done is alarm:
                return alarm
            try:
                self.alarms.changed(done, self.alarms.open_version(alarm), record_version)
            except ConditionFailed:
                continue  # the evaluation changed it meanwhile: judge again on what it is now
            self.audit.record(principal.email, "alarm.acknowledged", {"alarm": alarm.id},
                              before={"state": alarm.state.value}, after={"state": done.state.value})
            self.board.forget()
            return done
        raise ConditionFailed(f"alarm {alarm_id} kept changing")

    def trail(self, principal: Principal, alarm_id: str) -> list[dict[str, Any]]:
        self.alarm(principal, alarm_id)
        return self.audit.entries("alarm", alarm_id, limit=100)[0]

    def runs(self, principal: Principal, site: str | None, dataset: str | None, *, limit: int,
             cursor: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
        scope = scope_for(principal, site)
        found, next_cursor = runs.recent_runs(self.table, sites=scope.sites, dataset=dataset, limit=limit,
                                              cursor=cursor)
        window, _ = runs.recent_runs(self.table, sites=scope.sites, dataset=dataset, limit=runs.WINDOW, scan_pages=2)
        return [runs.run_view(r) for r in found], runs.datasets(window), next_cursor

    def quality(self, principal: Principal, site: str | None, days: int) -> list[dict[str, Any]]:
        return self.scorecards.daily(scope_for(principal, site), days)


def thresholds(settings: Any) -> Thresholds:
    return Thresholds(stale_seconds=settings.monitoring_stale_seconds,
                      offline_seconds=settings.monitoring_offline_seconds,
                      tag_stale_seconds=settings.monitoring_tag_stale_seconds,
                      tag_stuck_seconds=settings.monitoring_tag_stuck_seconds,
                      quarantine_ratio=settings.monitoring_quarantine_ratio)


def monitoring(container: Any) -> Monitoring:
    cached: Monitoring | None = container._cache.get("monitoring")
    if cached is None:
        cached = container._cache["monitoring"] = _build(container)
    return cached


def _build(c: Any) -> Monitoring:
    limits = thresholds(c.settings)
    audit = AuditLog(c.table, c.clock)
    evaluator = Evaluator(c.table, c.clock, limits, AlarmNotices(c.notifier, c.identity), audit)
    return Monitoring(board=StatusBoard(c.table, c.clock, limits), alarms=AlarmStore(c.table), evaluator=evaluator,
                      scorecards=Scorecards(lambda: c.query, c.clock), audit=audit, clock=c.clock, table=c.table)
