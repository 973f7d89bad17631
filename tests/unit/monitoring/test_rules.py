"""The alarm rules and collector states on fixture status records and run records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from mdap.domain.monitoring.alarms import Severity
from mdap.domain.monitoring.health import (
    CollectorReport,
    CollectorState,
    SourceReport,
    StaleReason,
    TagReading,
    collector_health,
    tag_flags,
)
from mdap.domain.monitoring.rules import RunReport, collector_conditions, run_conditions
from mdap.domain.monitoring.thresholds import Thresholds

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LIMITS = Thresholds(stale_seconds=30, offline_seconds=120, tag_stale_seconds=60, tag_stuck_seconds=300)


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


OPCUA = SourceReport(name="press-opcua", kind="opcua", state="connected", rate_per_s=12.0, readings=900, errors=0,
                     last_error=None, last_error_at=None, last_reading_at=ago(1))
COLLECTOR = CollectorReport(site="demo", device="edge-01", heartbeat_at=ago(2), process_state="running",
                            sources=(OPCUA,), refused=0, spool_bytes=1_000, spool_max_bytes=1_000_000,
                            when_full="block", started_at=ago(600))


def rules(report: CollectorReport, refused_before: int | None = 0) -> dict[str, Severity]:
    return {f"{c.rule}:{c.subject}": c.severity for c in collector_conditions(report, NOW, LIMITS, refused_before)}


def test_a_reporting_collector_with_fresh_readings_is_online_and_raises_nothing() -> None:
    assert collector_health(COLLECTOR, NOW, LIMITS).state is CollectorState.ONLINE
    assert rules(COLLECTOR) == {}


def test_a_late_heartbeat_makes_it_stale_then_offline() -> None:
    stale = replace(COLLECTOR, heartbeat_at=ago(31))
    assert collector_health(stale, NOW, LIMITS).state is CollectorState.STALE
    assert rules(stale) == {"collector.stale:edge-01": Severity.WARNING}
    offline = replace(COLLECTOR, heartbeat_at=ago(121))
    assert collector_health(offline, NOW, LIMITS).state is CollectorState.OFFLINE
    assert rules(offline) == {"collector.stale:edge-01": Severity.CRITICAL}
    never = replace(COLLECTOR, heartbeat_at=None)
    assert collector_health(never, NOW, LIMITS).state is CollectorState.OFFLINE


def test_a_collector_whose_machines_went_quiet_is_stale_and_names_the_disconnected_source() -> None:
    """The demo factory stopped: the collector still reports, its OPC UA source lost the server."""
    lost = replace(OPCUA, state="connecting", errors=3, last_error="ConnectionRefusedError", last_reading_at=ago(45))
    quiet = replace(COLLECTOR, sources=(lost,))
    health = collector_health(quiet, NOW, LIMITS)
    assert (health.state, health.reason) == (CollectorState.STALE, StaleReason.NO_READINGS)
    assert rules(quiet) == {"collector.stale:edge-01": Severity.WARNING,
                            "source.disconnected:edge-01/press-opcua": Severity.WARNING}


def test_a_just_started_collector_gets_the_stale_period_to_read_its_first_values() -> None:
    starting = replace(COLLECTOR, started_at=ago(5), sources=(replace(OPCUA, last_reading_at=None),))
    assert collector_health(starting, NOW, LIMITS).state is CollectorState.ONLINE
    assert collector_health(replace(starting, started_at=ago(40)), NOW, LIMITS).state is CollectorState.STALE


def test_a_collector_that_said_it_stopped_is_stale_at_once() -> None:
    stopped = replace(COLLECTOR, process_state="stopped", sources=(replace(OPCUA, state="stopped"),))
    assert collector_health(stopped, NOW, LIMITS).reason is StaleReason.STOPPED
    assert rules(stopped) == {"collector.stale:edge-01": Severity.WARNING}


def test_sources_of_a_silent_collector_are_not_judged_on_stale_news() -> None:
    silent = replace(COLLECTOR, heartbeat_at=ago(60), sources=(replace(OPCUA, state="disconnected", errors=1),))
    assert rules(silent) == {"collector.stale:edge-01": Severity.WARNING}


def test_refused_readings_alarm_only_when_refusals_grew_since_the_previous_evaluation() -> None:
    refusing = replace(COLLECTOR, refused=120)
    assert "collector.refused:edge-01" in rules(refusing, refused_before=100)
    assert "collector.refused:edge-01" not in rules(refusing, refused_before=120)
    assert "collector.refused:edge-01" not in rules(refusing, refused_before=None)  # first sight: no judgement


def test_a_filling_spool_warns_and_a_full_one_is_critical() -> None:
    assert rules(replace(COLLECTOR, spool_bytes=850_000)) == {"collector.spool:edge-01": Severity.WARNING}
    assert rules(replace(COLLECTOR, spool_bytes=1_000_000)) == {"collector.spool:edge-01": Severity.CRITICAL}


def test_a_tag_is_stale_without_readings_and_stuck_when_its_value_never_changes() -> None:
    fresh = TagReading("imm1", "mould_temp", ago(2), 42.0, None, "good", ago(20))
    assert tag_flags(fresh, NOW, LIMITS).stale is False and tag_flags(fresh, NOW, LIMITS).stuck is False
    assert tag_flags(replace(fresh, ts=ago(61)), NOW, LIMITS).stale is True
    stuck = replace(fresh, since=ago(400))
    assert tag_flags(stuck, NOW, LIMITS).stuck is True


def run(dataset: str, status: str, minutes_ago: int, rows_out: int = 100, quarantined: int = 0,
        site: str = "demo") -> RunReport:
    started = NOW - timedelta(minutes=minutes_ago)
    return RunReport(f"{dataset}-{minutes_ago}", dataset, site, status, started, started + timedelta(seconds=5),
                     rows_out, quarantined, "StepFailed" if status == "failed" else None)


def conditions(runs: list[RunReport]) -> dict[str, Severity]:
    return {f"{c.site}:{c.rule}:{c.subject}": c.severity for c in run_conditions(runs, LIMITS)}


def test_the_newest_finished_run_decides_pipeline_and_quality_alarms() -> None:
    assert conditions([run("sensor_readings", "failed", 1)]) == {
        "demo:pipeline.failed:sensor_readings": Severity.CRITICAL}
    # a later success clears the failure; a run still going changes nothing
    assert conditions([run("sensor_readings", "running", 0), run("sensor_readings", "succeeded", 1),
                       run("sensor_readings", "failed", 5)]) == {}
    assert conditions([run("inspection_records", "succeeded", 1, rows_out=90, quarantined=10),
                       run("inspection_records", "succeeded", 1, rows_out=90, quarantined=10, site="other"),
                       run("production_orders", "succeeded", 1, rows_out=99, quarantined=1)]) == {
        "demo:quality.quarantine:inspection_records": Severity.WARNING,
        "other:quality.quarantine:inspection_records": Severity.WARNING}


def test_alarm_wording_says_what_holds_in_both_languages() -> None:
    [condition] = run_conditions([run("inspection_records", "succeeded", 1, rows_out=7, quarantined=3)], LIMITS)
    assert "30%" in condition.summary_ko and "기준 5%" in condition.summary_ko and "30%" in condition.summary_en
