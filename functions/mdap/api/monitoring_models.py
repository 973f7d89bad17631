"""Request and response models of the monitoring API (they generate its part of /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SiteId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="a site (factory) id")]
CollectorState = Literal["online", "stale", "offline"]
AlarmState = Literal["NORMAL", "ACTIVE", "ACKNOWLEDGED", "CLEARED"]
Severity = Literal["info", "warning", "critical"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SiteQuery(Strict):
    site: SiteId | None = None  # staff: one site (omitted: all); a factory user: its own (omitted: the same)


class AlarmQuery(SiteQuery):
    state: Literal["open", "all"] = "open"  # open: ACTIVE and ACKNOWLEDGED; all: newest first, cleared too
    limit: int = Field(default=50, ge=1, le=100)
    cursor: str | None = None


class RunsQuery(SiteQuery):
    dataset: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]{0,39}$")
    limit: int = Field(default=50, ge=1, le=100)
    cursor: str | None = None


class QualityQuery(SiteQuery):
    days: int = Field(default=7, ge=1, le=31)


class SourceOut(BaseModel):
    name: str
    kind: str
    state: str
    rate_per_s: float
    readings: int
    errors: int
    last_error: str | None
    last_error_at: str | None
    last_reading_at: str | None
    disconnected: bool


class SpoolOut(BaseModel):
    readings: int
    bytes: int
    max_bytes: int
    when_full: str
    batches_pending: int
    oldest_age_s: float | None


class UploaderOut(BaseModel):
    state: str | None
    batches: int
    readings: int
    failures: int
    last_error: str | None
    last_upload_at: str | None


class CollectorOut(BaseModel):
    site: str
    device: str
    state: CollectorState
    reason: Literal["heartbeat", "no_readings", "stopped"] | None
    process_state: str
    heartbeat_at: str | None
    started_at: str | None
    last_reading_at: str | None
    spool: SpoolOut
    refused: int
    duplicates_dropped: int
    uploader: UploaderOut
    sources: list[SourceOut]
    config_error: str | None
    tags_total: int


class TagOut(BaseModel):
    site: str
    device: str
    asset: str
    tag: str
    value: float | None
    text: str | None
    quality: str
    ts: str
    since: str  # when the value was first seen (stuck: unchanged too long while readings keep coming)
    stale: bool
    stuck: bool


class AlarmStepOut(BaseModel):
    state: AlarmState
    at: str
    by: str


class AlarmOut(BaseModel):
    id: str
    site: str
    rule: str
    subject: str
    severity: Severity
    state: AlarmState
    summary_ko: str
    summary_en: str
    raised_at: str
    updated_at: str
    acknowledged_by: str | None
    acknowledged_at: str | None
    cleared_at: str | None


class AlarmDetail(AlarmOut):
    history: list[AlarmStepOut]
    trail: list[dict[str, Any]]  # the audit log's entries of this alarm (scope "alarm")


class AlarmList(BaseModel):
    items: list[AlarmOut]
    cursor: str | None = None


class RunOut(BaseModel):
    run_id: str
    dataset: str
    site: str
    status: str  # running | succeeded | failed
    source: str | None
    started_at: str | None
    finished_at: str | None
    duration_s: float | None
    rows_in: int | None
    rows_out: int | None
    quarantined: int | None
    duplicates: int | None
    objects: int | None
    error: str | None
    quarantined_by_reason: dict[str, int]


class DatasetOut(BaseModel):
    """A dataset at a site over the newest runs: its freshness and why rows were quarantined."""

    dataset: str
    site: str
    last_status: str | None
    last_run_at: str | None
    last_success_at: str | None  # when curated data last arrived
    runs: int
    failed: int
    quarantined_by_reason: dict[str, int]


class RunList(BaseModel):
    items: list[RunOut]
    datasets: list[DatasetOut]
    cursor: str | None = None


class ThresholdsOut(BaseModel):
    stale_seconds: float
    offline_seconds: float
    tag_stale_seconds: float
    tag_stuck_seconds: float


class CountsOut(BaseModel):
    online: int
    stale: int
    offline: int
    active_alarms: int
    acknowledged_alarms: int


class StatusOut(BaseModel):
    """The monitoring page's answer; ``generated_at`` says how old it is (the ETag leaves it out)."""

    generated_at: str
    site: str | None
    sites: list[str]
    thresholds: ThresholdsOut
    counts: CountsOut
    collectors: list[CollectorOut]
    tags: list[TagOut]
    tags_total: int
    alarms: list[AlarmOut]
    runs: list[RunOut]
    datasets: list[DatasetOut]


class ScorecardOut(BaseModel):
    dataset: str
    site: str
    date: str
    rows: int | None
    quarantined: int | None
    duplicates: int | None
    completeness: float | None
    validity: float | None
    timeliness: float | None
    duplicate_share: float | None
    measured_at: str | None


class ScorecardList(BaseModel):
    items: list[ScorecardOut]
