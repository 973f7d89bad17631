"""The filters of a dashboard chart, checked before any of them reaches SQL.

The query port has no parameter binding, so every value that goes into a WHERE clause is parsed (dates) or
matched against a strict pattern (no quote, backslash or semicolon can pass) and then quoted as an SQL literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from mdap.domain.dashboards.errors import FilterRefused

CHARTS = ("oee", "production", "defect_rate", "defect_pareto", "downtime_pareto", "sensor_trend")
MAX_DAYS = 366
DEFAULT_DAYS = 7
DEFAULT_POINTS = 500
MIN_POINTS, MAX_POINTS = 3, 5000
_SITE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_NAME = re.compile(r"^\w[\w .\-/#()]{0,63}$")  # lines, assets and tags: letters of any script, digits, a few marks


@dataclass(frozen=True)
class Filters:
    start: date  # first day, KST
    end: date  # last day, KST, included
    site: str | None = None
    line: str | None = None
    asset: str | None = None
    tag: str | None = None
    points: int = DEFAULT_POINTS


def chart_name(name: str) -> str:
    if name not in CHARTS:
        raise FilterRefused(f"unknown chart {name!r}; charts are {', '.join(CHARTS)}", field="chart",
                            message_ko=f"알 수 없는 차트입니다: {name[:40]} (가능한 차트: {', '.join(CHARTS)})")
    return name


def parse_filters(*, today: date, start: str | None = None, end: str | None = None, site: str | None = None,
                  line: str | None = None, asset: str | None = None, tag: str | None = None,
                  points: int | None = None) -> Filters:
    """Filters from request values; ``end`` defaults to ``today``, ``start`` to a week before ``end``."""
    last = _day(end, "to") if end else today
    first = _day(start, "from") if start else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise FilterRefused(f"from ({first}) is after to ({last})", field="from",
                            message_ko=f"시작일({first})이 종료일({last})보다 늦습니다.")
    if (last - first).days >= MAX_DAYS:
        raise FilterRefused(f"choose at most {MAX_DAYS} days", field="from",
                            message_ko=f"기간은 최대 {MAX_DAYS}일까지 고를 수 있습니다.")
    count = DEFAULT_POINTS if points is None else points
    if not MIN_POINTS <= count <= MAX_POINTS:
        raise FilterRefused(f"points must be {MIN_POINTS}..{MAX_POINTS}", field="points",
                            message_ko=f"points는 {MIN_POINTS}에서 {MAX_POINTS} 사이여야 합니다.")
    return Filters(first, last, _checked(site, "site", _SITE), _checked(line, "line", _NAME),
                   _checked(asset, "asset", _NAME), _checked(tag, "tag", _NAME), count)


def sql_literal(value: str) -> str:
    """A checked value as an SQL string literal (quotes doubled, although the patterns already exclude them)."""
    return "'" + value.replace("'", "''") + "'"


def _day(text: str, field: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise FilterRefused(f"{field}: not a date YYYY-MM-DD: {text[:40]!r}", field=field,
                            message_ko=f"{field}: 날짜는 YYYY-MM-DD 형식이어야 합니다 ({text[:40]}).") from None


def _checked(value: str | None, field: str, pattern: re.Pattern[str]) -> str | None:
    if value is None or value == "":
        return None
    if not pattern.fullmatch(value):
        raise FilterRefused(f"{field}: unsupported characters or length: {value[:40]!r}", field=field,
                            message_ko=f"{field}: 사용할 수 없는 문자가 있거나 너무 깁니다 ({value[:40]}).")
    return value
