"""Dashboards: KPI charts over the catalog's views, staff and admin for every site, a factory user for its own.

``GET /dashboards`` lists the charts and the sites, lines and sensor series with data in the chosen days;
``GET /dashboards/{chart}`` answers one chart's aggregated data (``?format=csv`` as a CSV file).
"""

from __future__ import annotations

from chalice import Blueprint

from mdap.api.dashboard_models import AppliedFilters, ChartOut, ChartQuery, DashboardOptions, DashboardQuery, SeriesOut
from mdap.api.deps import container
from mdap.api.endpoints import Download, endpoint
from mdap.dashboards.service import Dashboards, dashboards
from mdap.domain.dashboards.filters import Filters
from mdap.domain.export import to_csv
from mdap.domain.identity import Principal

bp = Blueprint(__name__)
VIEWERS = ["staff", "admin", "factory"]
TAG = "dashboards"


def _d() -> Dashboards:
    return dashboards(container())


@endpoint(bp, "/dashboards", roles=VIEWERS, query=DashboardQuery, response=DashboardOptions,
          summary="The charts, and the sites, lines and sensor series with data in the chosen days", tag=TAG,
          errors=(404,))
def dashboard_options(principal: Principal, query: DashboardQuery) -> DashboardOptions:
    found = _d().options(principal, start=query.from_, end=query.to, site=query.site, line=query.line)
    return DashboardOptions(charts=list(found.charts), sites=found.sites, lines=found.lines,
                            series=[SeriesOut(asset=a, tag=t) for a, t in found.series],
                            filters=_applied(found.filters))


@endpoint(bp, "/dashboards/{chart}", roles=VIEWERS, query=ChartQuery, response=ChartOut,
          summary="One chart's data aggregated on the server (oee, production, defect_rate, defect_pareto, "
                  "downtime_pareto, sensor_trend); format=csv: a CSV file", tag=TAG, errors=(404,),
          files=("text/csv",))
def dashboard_chart(principal: Principal, query: ChartQuery, chart: str) -> ChartOut | Download:
    found = _d().chart(principal, chart, start=query.from_, end=query.to, site=query.site, line=query.line,
                       asset=query.asset, tag=query.tag, points=query.points)
    if query.format == "csv":
        name = f"{found.chart}-{found.filters.start}-{found.filters.end}.csv"
        return Download(to_csv(found.columns, found.rows), "text/csv", name)
    return ChartOut(chart=found.chart, columns=found.columns, rows=found.rows, filters=_applied(found.filters),
                    total_points=found.total_points)


def _applied(filters: Filters) -> AppliedFilters:
    return AppliedFilters.model_validate({
        "from": filters.start.isoformat(), "to": filters.end.isoformat(), "site": filters.site, "line": filters.line,
        "asset": filters.asset, "tag": filters.tag, "points": filters.points})
