"""A collector's state from its last status record, and a tag's stale and stuck flags.

- offline: no heartbeat for ``offline_seconds`` (or never one);
- stale: no heartbeat for ``stale_seconds``, or the collector reports but none of its sources delivered a reading
  for ``stale_seconds`` (a factory whose machines went quiet), or it reported that it stopped;
- online: otherwise.
A tag is stale when its newest reading is older than ``tag_stale_seconds`` and stuck when its value has not changed
for ``tag_stuck_seconds`` while readings kept coming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mdap.domain.monitoring.thresholds import Thresholds

DISCONNECTED_STATES = frozenset({"disconnected", "connecting"})


class CollectorState(StrEnum):
    ONLINE = "online"
    STALE = "stale"
    OFFLINE = "offline"


class StaleReason(StrEnum):
    HEARTBEAT = "heartbeat"  # the collector itself stopped reporting
    NO_READINGS = "no_readings"  # it reports, but its sources deliver nothing
    STOPPED = "stopped"  # it said it stopped (its last record)


@dataclass(frozen=True)
class SourceReport:
    name: str
    kind: str
    state: str  # starting | connecting | connected | disconnected | stopped
    rate_per_s: float
    readings: int
    errors: int
    last_error: str | None
    last_error_at: datetime | None
    last_reading_at: datetime | None

    @property
    def disconnected(self) -> bool:
        """Lost or never reached its machine (a source still starting without errors is not)."""
        return self.state in DISCONNECTED_STATES or (self.state == "starting" and self.errors > 0)


@dataclass(frozen=True)
class CollectorReport:
    site: str
    device: str
    heartbeat_at: datetime | None
    process_state: str  # starting | running | stopping | stopped
    sources: tuple[SourceReport, ...]
    refused: int
    spool_bytes: int
    spool_max_bytes: int
    when_full: str
    started_at: datetime | None = None

    @property
    def last_reading_at(self) -> datetime | None:
        times = [s.last_reading_at for s in self.sources if s.last_reading_at is not None]
        return max(times) if times else None

    @property
    def spool_fill(self) -> float:
        return self.spool_bytes / self.spool_max_bytes if self.spool_max_bytes > 0 else 0.0


@dataclass(frozen=True)
class Health:
    state: CollectorState
    reason: StaleReason | None = None


def collector_health(report: CollectorReport, now: datetime, limits: Thresholds) -> Health:
    if report.heartbeat_at is None or _age(report.heartbeat_at, now) > limits.offline_seconds:
        return Health(CollectorState.OFFLINE, StaleReason.HEARTBEAT)
    if _age(report.heartbeat_at, now) > limits.stale_seconds:
        return Health(CollectorState.STALE, StaleReason.HEARTBEAT)
    if report.process_state == "stopped":
        return Health(CollectorState.STALE, StaleReason.STOPPED)
    # since the newest reading; a collector that has read nothing yet is given stale_seconds from its start
    quiet_since = report.last_reading_at or report.started_at
    if report.sources and (quiet_since is None or _age(quiet_since, now) > limits.stale_seconds):
        return Health(CollectorState.STALE, StaleReason.NO_READINGS)
    return Health(CollectorState.ONLINE)


@dataclass(frozen=True)
class TagReading:
    asset: str
    tag: str
    ts: datetime
    value: float | None
    text: str | None
    quality: str
    since: datetime  # when the current value was first seen


@dataclass(frozen=True)
class TagFlags:
    stale: bool
    stuck: bool


def tag_flags(tag: TagReading, now: datetime, limits: Thresholds) -> TagFlags:
    return TagFlags(stale=_age(tag.ts, now) > limits.tag_stale_seconds,
                    stuck=(tag.ts - tag.since).total_seconds() >= limits.tag_stuck_seconds)


def _age(moment: datetime, now: datetime) -> float:
    return (now - moment).total_seconds()
