"""Dashboard charts: one aggregating SELECT over a KPI view per chart, scoped to the sites the caller may see
(staff and admin every site, a factory user its own), answered as columns and rows; Paretos ordered with
cumulative shares, the sensor trend thinned with LTTB."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mdap.dashboards.where import where
from mdap.domain.dashboards.filters import CHARTS, Filters, chart_name, parse_filters
from mdap.domain.dashboards.lttb import lttb_indices
from mdap.domain.dashboards.pareto import pareto
from mdap.domain.identity import Principal
from mdap.monitoring.access import Scope, scope_for
from mdap.ports.clock import Clock
from mdap.ports.query import QueryEngine

QUERIES = Path(__file__).with_name("queries")
KST = timedelta(hours=9)
Cell = str | int | float | None


@dataclass(frozen=True)
class Chart:
    chart: str
    columns: list[str]
    rows: list[list[Cell]]
    filters: Filters
    total_points: int | None = None  # sensor trend: minutes before thinning


@dataclass(frozen=True)
class Options:
    charts: tuple[str, ...]
    sites: list[str]
    lines: list[str]
    series: list[tuple[str, str]]  # (asset, tag)
    filters: Filters


@dataclass(frozen=True)
class Dashboards:
    query: QueryEngine
    clock: Clock

    def chart(self, principal: Principal, name: str, **raw: Any) -> Chart:
        chart = chart_name(name)
        filters = parse_filters(today=self._today(), **raw)
        scope = scope_for(principal, filters.site, what="dashboards")
        if chart in ("defect_pareto", "downtime_pareto"):
            return self._pareto(chart, filters, scope)
        if chart == "sensor_trend":
            return self._trend(filters, scope)
        return self._table(chart, filters, scope)

    def options(self, principal: Principal, **raw: Any) -> Options:
        filters = parse_filters(today=self._today(), **raw)
        scope = scope_for(principal, filters.site, what="dashboards")
        everywhere = scope_for(principal, what="dashboards")
        pairs = self._run("lines", where(replace(filters, line=None), everywhere)).rows
        sites = sorted({str(s) for s, _ in pairs if s is not None})
        lines = sorted({str(line) for s, line in pairs if line is not None and scope.covers(str(s))})
        series = self._run("series", where(filters, scope, line=False)).rows
        return Options(CHARTS, sites, lines, [(str(a), str(t)) for a, t in series], filters)

    def _table(self, chart: str, filters: Filters, scope: Scope) -> Chart:
        result = self._run(chart, where(filters, scope))
        return Chart(chart, result.columns, [[_cell(v) for v in row] for row in result.rows], filters)

    def _pareto(self, chart: str, filters: Filters, scope: Scope) -> Chart:
        result = self._run(chart, where(filters, scope))
        keys = result.columns[:-1]
        counted = [(tuple(_text(v) for v in row[:-1]), float(row[-1] or 0)) for row in result.rows]
        rows: list[list[Cell]] = [[*r.category, _whole(r.amount), r.share, r.cumulative_share]
                                  for r in pareto(counted)]
        return Chart(chart, [*keys, result.columns[-1], "share", "cumulative_share"], rows, filters)

    def _trend(self, filters: Filters, scope: Scope) -> Chart:
        if filters.asset is None or filters.tag is None:
            series = self._run("series", where(filters, scope, line=False)).rows
            if not series:
                return Chart("sensor_trend", ["minute", "avg", "min", "max"], [], filters, 0)
            asset, tag = _first(series, filters)
            filters = replace(filters, asset=asset, tag=tag)
        result = self._run("sensor_trend", where(filters, scope, line=False, asset=True, tag=True))
        usable = [row for row in result.rows if row[1] is not None]
        points = [(_epoch(row[0]), float(row[1])) for row in usable]
        kept = [usable[i] for i in lttb_indices(points, filters.points)]
        return Chart("sensor_trend", result.columns, [[_cell(v) for v in row] for row in kept], filters, len(usable))

    def _run(self, name: str, condition: str) -> Any:
        sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8").replace("{where}", condition)
        return self.query.query(sql)

    def _today(self) -> date:
        return (self.clock.now() + KST).date()


def dashboards(container: Any) -> Dashboards:
    return Dashboards(container.query, container.clock)


def _first(series: list[tuple[Any, ...]], filters: Filters) -> tuple[str, str]:
    matching = [(str(a), str(t)) for a, t in series
                if (filters.asset in (None, a)) and (filters.tag in (None, t))]
    return matching[0] if matching else (str(series[0][0]), str(series[0][1]))


def _cell(value: Any) -> Cell:
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float):
        return value
    return float(value)  # Decimal and the like


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _whole(amount: float) -> int | float:
    return int(amount) if amount == int(amount) else amount


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)
