"""Collectors' status records as the edge collector writes them (``mdap_edge.status``), read for monitoring.

Key layout (the collector's, repeated here because the platform never imports the device's package):
``pk = EDGE#<site>``, ``sk = DEVICE#<device>``; ``gsi1pk = EDGE`` lists every site's collectors. A record is
parsed leniently: a field a collector of another version lacks reads as unknown, never as an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mdap.domain.monitoring.health import CollectorReport, Health, SourceReport, TagReading
from mdap.ports.table import Table

INDEX_PK = "EDGE"


def status_records(table: Table, site: str | None = None) -> list[dict[str, Any]]:
    """Every collector's latest record (of one site, or of all), ordered by site and device."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        if site is None:
            page = table.query(INDEX_PK, index="gsi1", cursor=cursor, limit=100)
        else:
            page = table.query(f"EDGE#{site}", cursor=cursor, limit=100)
        found += [dict(item.data) for item in page.items]
        cursor = page.cursor
        if cursor is None:
            return found


def report_of(record: Mapping[str, Any]) -> CollectorReport:
    spool = record.get("spool") or {}
    return CollectorReport(
        site=str(record.get("site", "")), device=str(record.get("device", "")),
        heartbeat_at=moment(record.get("heartbeat_at")), process_state=str(record.get("state") or "unknown"),
        sources=tuple(_source(s) for s in record.get("sources") or () if isinstance(s, Mapping)),
        refused=_int(record.get("refused")), spool_bytes=_int(spool.get("bytes")),
        spool_max_bytes=_int(spool.get("max_bytes")), when_full=str(spool.get("when_full") or ""),
        started_at=moment(record.get("started_at")),
    )  # fmt: skip


def tags_of(record: Mapping[str, Any]) -> list[TagReading]:
    found = []
    for tag in record.get("tags") or ():
        ts, since = moment(tag.get("ts")), moment(tag.get("since"))
        if ts is None or not tag.get("asset") or not tag.get("tag"):
            continue
        value = tag.get("value")
        found.append(TagReading(asset=str(tag["asset"]), tag=str(tag["tag"]), ts=ts,
                                value=float(value) if isinstance(value, int | float) else None,
                                text=tag.get("text"), quality=str(tag.get("quality") or ""), since=since or ts))
    return found


def collector_view(record: Mapping[str, Any], report: CollectorReport, health: Health) -> dict[str, Any]:
    """What the monitoring page shows of a collector."""
    spool, uploader = record.get("spool") or {}, record.get("uploader") or {}
    return {
        "site": report.site, "device": report.device, "state": health.state.value,
        "reason": health.reason.value if health.reason else None, "process_state": report.process_state,
        "heartbeat_at": _iso(report.heartbeat_at), "started_at": _iso(report.started_at),
        "last_reading_at": _iso(report.last_reading_at),
        "spool": {"readings": _int(spool.get("readings")), "bytes": report.spool_bytes,
                  "max_bytes": report.spool_max_bytes, "when_full": report.when_full,
                  "batches_pending": _int(spool.get("batches_pending")), "oldest_age_s": spool.get("oldest_age_s")},
        "refused": report.refused, "duplicates_dropped": _int(record.get("duplicates_dropped")),
        "uploader": {"state": uploader.get("state"), "batches": _int(uploader.get("batches")),
                     "readings": _int(uploader.get("readings")), "failures": _int(uploader.get("failures")),
                     "last_error": uploader.get("last_error"), "last_upload_at": uploader.get("last_upload_at")},
        "sources": [{"name": s.name, "kind": s.kind, "state": s.state, "rate_per_s": s.rate_per_s,
                     "readings": s.readings, "errors": s.errors, "last_error": s.last_error,
                     "last_error_at": _iso(s.last_error_at), "last_reading_at": _iso(s.last_reading_at),
                     "disconnected": s.disconnected} for s in report.sources],
        "config_error": record.get("config_error"), "tags_total": _int(record.get("tags_total")),
    }  # fmt: skip


def _source(data: Mapping[str, Any]) -> SourceReport:
    rate = data.get("rate_per_s")
    return SourceReport(name=str(data.get("name", "")), kind=str(data.get("kind", "")),
                        state=str(data.get("state") or "unknown"),
                        rate_per_s=float(rate) if isinstance(rate, int | float) else 0.0,
                        readings=_int(data.get("readings")), errors=_int(data.get("errors")),
                        last_error=data.get("last_error"), last_error_at=moment(data.get("last_error_at")),
                        last_reading_at=moment(data.get("last_reading_at")))


def moment(value: Any) -> datetime | None:
    """An aware datetime from an ISO string; None for anything else."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0
