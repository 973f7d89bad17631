"""Monitoring of collection and processing: staff and admin see every site, a factory user its own site only.

``GET /monitoring/status`` is what the page polls every 5 s: answered from the Table (never the query engine),
with an ETag; a poll sending it back in ``If-None-Match`` gets 304 while nothing changed.
"""

from __future__ import annotations

import threading
import weakref

from chalice import Blueprint

from mdap.api.deps import container
from mdap.api.endpoints import Rendered, Reply, endpoint
from mdap.api.monitoring_models import (
    AlarmDetail,
    AlarmList,
    AlarmOut,
    AlarmQuery,
    QualityQuery,
    RunList,
    RunsQuery,
    ScorecardList,
    SiteQuery,
    StatusOut,
)
from mdap.domain.identity import Principal
from mdap.monitoring.service import Monitoring, monitoring
from mdap.monitoring.status import Snapshot

bp = Blueprint(__name__)
MONITOR = ["staff", "admin", "factory"]
TAG = "monitoring"
# Each status snapshot is validated and serialised once, whatever the number of pages polling it.
_rendered: weakref.WeakKeyDictionary[Snapshot, Rendered] = weakref.WeakKeyDictionary()
_rendering = threading.Lock()


def _m() -> Monitoring:
    return monitoring(container())


@endpoint(bp, "/monitoring/status", roles=MONITOR, query=SiteQuery, response=StatusOut, responses={304: None},
          summary="Collectors, tags, open alarms and recent runs in one answer (ETag; If-None-Match: 304)", tag=TAG,
          errors=(404,))
def monitoring_status(principal: Principal, query: SiteQuery) -> Reply:
    snapshot = _m().status(principal, query.site)
    headers = {"ETag": snapshot.etag, "Cache-Control": "private, no-cache"}
    request = bp.current_request
    wanted = _tags(request.headers.get("if-none-match")) if request is not None else set()
    if snapshot.etag in wanted or "*" in wanted:
        return Reply(None, status=304, headers=headers)
    return Reply(_render(snapshot), headers=headers)


def _render(snapshot: Snapshot) -> Rendered:
    with _rendering:
        found = _rendered.get(snapshot)
        if found is None:
            found = _rendered[snapshot] = Rendered.of(StatusOut.model_validate(snapshot.body))
        return found


@endpoint(bp, "/monitoring/alarms", roles=MONITOR, query=AlarmQuery, response=AlarmList,
          summary="Alarms: the open ones (default), or all newest first", tag=TAG, errors=(404,))
def monitoring_alarms(principal: Principal, query: AlarmQuery) -> AlarmList:
    found, cursor = _m().list_alarms(principal, query.site, open_only=query.state == "open", limit=query.limit,
                                     cursor=query.cursor)
    return AlarmList(items=[AlarmOut.model_validate(a.as_json()) for a in found], cursor=cursor)


@endpoint(bp, "/monitoring/alarms/{alarm_id}", roles=MONITOR, response=AlarmDetail,
          summary="One alarm with its history and audit trail", tag=TAG, errors=(404,))
def monitoring_alarm(principal: Principal, alarm_id: str) -> AlarmDetail:
    m = _m()
    alarm = m.alarm(principal, alarm_id)
    return AlarmDetail.model_validate({**alarm.as_json(), "trail": m.trail(principal, alarm_id)})


@endpoint(bp, "/monitoring/alarms/{alarm_id}/acknowledge", method="POST", roles=MONITOR, response=AlarmOut,
          summary="Acknowledge an ACTIVE alarm (recorded: who and when; again: the same answer)", tag=TAG,
          errors=(404, 409))
def acknowledge_alarm(principal: Principal, alarm_id: str) -> AlarmOut:
    return AlarmOut.model_validate(_m().acknowledge(principal, alarm_id).as_json())


@endpoint(bp, "/monitoring/runs", roles=MONITOR, query=RunsQuery, response=RunList,
          summary="Preprocessing runs newest first, with each dataset's freshness and quarantine reasons", tag=TAG,
          errors=(404,))
def monitoring_runs(principal: Principal, query: RunsQuery) -> RunList:
    items, datasets, cursor = _m().runs(principal, query.site, query.dataset, limit=query.limit, cursor=query.cursor)
    return RunList.model_validate({"items": items, "datasets": datasets, "cursor": cursor})


@endpoint(bp, "/monitoring/quality", roles=MONITOR, query=QualityQuery, response=ScorecardList,
          summary="Data-quality scorecards per dataset and day (from the curated metrics; not live)", tag=TAG,
          errors=(404,))
def monitoring_quality(principal: Principal, query: QualityQuery) -> ScorecardList:
    return ScorecardList.model_validate({"items": _m().quality(principal, query.site, query.days)})


def _tags(header: str | None) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compare by their opaque part)."""
    return {part.strip().removeprefix("W/") for part in (header or "").split(",") if part.strip()}
