"""The limits the monitoring rules judge against (settings ``MDAP_MONITORING_*``, defaults documented there)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    stale_seconds: float = 15.0  # heartbeat (or the newest reading) older: the collector is stale
    offline_seconds: float = 60.0  # heartbeat older: offline
    tag_stale_seconds: float = 60.0  # a tag without a reading for this long is stale
    tag_stuck_seconds: float = 300.0  # a tag whose value has not changed for this long (readings still coming)
    quarantine_ratio: float = 0.05  # a run quarantining a larger share of its rows raises a data-quality alarm
    spool_warning_ratio: float = 0.8  # a spool this full warns; full (refusing or blocking) is critical

    def __post_init__(self) -> None:
        if not 0 < self.stale_seconds < self.offline_seconds:
            raise ValueError("thresholds need 0 < stale_seconds < offline_seconds")
        if min(self.tag_stale_seconds, self.tag_stuck_seconds) <= 0:
            raise ValueError("tag thresholds must be positive")
        if not 0 <= self.quarantine_ratio <= 1 or not 0 < self.spool_warning_ratio <= 1:
            raise ValueError("ratios are between 0 and 1")
