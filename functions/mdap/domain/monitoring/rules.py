"""Which alarm conditions hold: over collectors' status records and over pipeline runs.

| rule | subject | holds when | severity |
|---|---|---|---|
| ``collector.stale`` | device | the collector is stale or offline (see ``health``) | warning / critical |
| ``source.disconnected`` | device/source | a reporting collector's source lost its machine | warning |
| ``collector.refused`` | device | the spool refused readings since the previous evaluation | warning |
| ``collector.spool`` | device | the spool is ``spool_warning_ratio`` full / full | warning / critical |
| ``pipeline.failed`` | dataset | the newest finished run of the dataset at the site failed | critical |
| ``quality.quarantine`` | dataset | the newest good run quarantined over ``quarantine_ratio`` of rows | warning |

Wording has no figures that move between evaluations (ages, counters), so an open alarm is rewritten only when
its condition really changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mdap.domain.monitoring.alarms import Condition, Severity
from mdap.domain.monitoring.health import CollectorReport, CollectorState, StaleReason, collector_health
from mdap.domain.monitoring.thresholds import Thresholds

FINISHED = ("succeeded", "failed")


def collector_conditions(report: CollectorReport, now: datetime, limits: Thresholds,
                         refused_before: int | None = None) -> list[Condition]:
    """The conditions that hold for one collector; ``refused_before``: its refused count at the previous
    evaluation (None: not seen before, so no judgement on refusals yet)."""
    health = collector_health(report, now, limits)
    found = [] if health.state is CollectorState.ONLINE else [_stale(report, health.state, health.reason, limits)]
    if health.state is not CollectorState.OFFLINE and health.reason is not StaleReason.HEARTBEAT:
        found += [_disconnected(report, source.name) for source in report.sources if source.disconnected]
    if refused_before is not None and report.refused > refused_before:
        found.append(_condition(report, "collector.refused", report.device, Severity.WARNING,
                                f"수집기 {report.device}의 스풀이 가득 차 측정값을 거부하고 있습니다.",
                                f"The spool of collector {report.device} is full and refuses readings."))
    if report.spool_fill >= limits.spool_warning_ratio:
        full = report.spool_fill >= 1.0
        percent = round(limits.spool_warning_ratio * 100)
        found.append(_condition(
            report, "collector.spool", report.device, Severity.CRITICAL if full else Severity.WARNING,
            f"수집기 {report.device}의 스풀이 " + ("가득 찼습니다." if full else f"{percent}% 넘게 찼습니다."),
            f"The spool of collector {report.device} is " + ("full." if full else f"over {percent}% full.")))
    return found


def _stale(report: CollectorReport, state: CollectorState, reason: StaleReason | None,
           limits: Thresholds) -> Condition:
    device = report.device
    if state is CollectorState.OFFLINE:
        seconds = round(limits.offline_seconds)
        return _condition(report, "collector.stale", device, Severity.CRITICAL,
                          f"수집기 {device}의 신호가 {seconds}초 넘게 없습니다(오프라인).",
                          f"Collector {device} has not reported for over {seconds} s (offline).")
    seconds = round(limits.stale_seconds)
    texts = {
        StaleReason.HEARTBEAT: (f"수집기 {device}의 신호가 {seconds}초 넘게 없습니다.",
                                f"Collector {device} has not reported for over {seconds} s."),
        StaleReason.NO_READINGS: (f"수집기 {device}에 {seconds}초 넘게 새 측정값이 없습니다.",
                                  f"Collector {device} has had no new readings for over {seconds} s."),
        StaleReason.STOPPED: (f"수집기 {device}가 멈췄습니다.", f"Collector {device} has stopped."),
    }
    ko, en = texts[reason or StaleReason.HEARTBEAT]
    return _condition(report, "collector.stale", device, Severity.WARNING, ko, en)


def _disconnected(report: CollectorReport, source: str) -> Condition:
    return _condition(report, "source.disconnected", f"{report.device}/{source}", Severity.WARNING,
                      f"수집기 {report.device}의 수집원 {source} 연결이 끊겼습니다.",
                      f"Source {source} of collector {report.device} is disconnected.")


def _condition(report: CollectorReport, rule: str, subject: str, severity: Severity, ko: str, en: str) -> Condition:
    return Condition(report.site, rule, subject, severity, ko, en)


@dataclass(frozen=True)
class RunReport:
    run_id: str
    dataset: str
    site: str
    status: str  # running | succeeded | failed
    started_at: datetime
    finished_at: datetime | None
    rows_out: int
    quarantined: int
    error: str | None

    @property
    def quarantine_share(self) -> float:
        total = self.rows_out + self.quarantined
        return self.quarantined / total if total else 0.0


def run_conditions(runs: Iterable[RunReport], limits: Thresholds) -> list[Condition]:
    """Conditions from the newest finished run of each (dataset, site)."""
    newest: dict[tuple[str, str], RunReport] = {}
    for run in runs:
        key = (run.dataset, run.site)
        if run.status in FINISHED and (key not in newest or run.started_at > newest[key].started_at):
            newest[key] = run
    found = []
    for run in newest.values():
        if run.status == "failed":
            error = run.error or "unknown"
            found.append(Condition(run.site, "pipeline.failed", run.dataset, Severity.CRITICAL,
                                   f"데이터셋 {run.dataset}의 전처리 실행이 실패했습니다({error}).",
                                   f"The preprocessing run of dataset {run.dataset} failed ({error})."))
        elif run.quarantine_share > limits.quarantine_ratio:
            share, limit = _percent(run.quarantine_share), _percent(limits.quarantine_ratio)
            found.append(Condition(run.site, "quality.quarantine", run.dataset, Severity.WARNING,
                                   f"데이터셋 {run.dataset}의 최근 실행에서 행의 {share}%가 격리되었습니다"
                                   f"(기준 {limit}%).",
                                   f"The latest run of dataset {run.dataset} quarantined {share}% of its rows "
                                   f"(limit {limit}%)."))
    return found


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".")
