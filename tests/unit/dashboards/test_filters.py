"""Dashboard filters: dates parsed, names matched against strict patterns, Korean refusals naming the field."""

from __future__ import annotations

from datetime import date

import pytest

from mdap.domain.dashboards.errors import FilterRefused
from mdap.domain.dashboards.filters import chart_name, parse_filters, sql_literal
from mdap.ports.errors import InvalidRequest

TODAY = date(2025, 3, 10)


def test_the_range_defaults_to_the_week_ending_today() -> None:
    filters = parse_filters(today=TODAY)
    assert (filters.start, filters.end, filters.points) == (date(2025, 3, 4), TODAY, 500)


def test_korean_lines_and_assets_pass() -> None:
    filters = parse_filters(today=TODAY, start="2025-03-01", end="2025-03-03", site="demo", line="사출1라인",
                            asset="imm-1", tag="temp.zone/2")
    assert (filters.site, filters.line, filters.asset, filters.tag) == ("demo", "사출1라인", "imm-1", "temp.zone/2")
    assert parse_filters(today=TODAY, line="").line is None


@pytest.mark.parametrize(("given", "field"), [
    ({"start": "2025-03-05", "end": "2025-03-04"}, "from"),
    ({"start": "2025-02-30"}, "from"),
    ({"end": "03/04/2025"}, "to"),
    ({"start": "2023-01-01", "end": "2025-01-01"}, "from"),
    ({"site": "Demo"}, "site"),
    ({"line": "L1' OR '1'='1"}, "line"),
    ({"asset": "a;DROP"}, "asset"),
    ({"tag": "t\\x"}, "tag"),
    ({"points": 2}, "points"),
])
def test_bad_filters_are_refused_naming_the_field(given: dict[str, object], field: str) -> None:
    with pytest.raises(FilterRefused) as refused:
        parse_filters(today=TODAY, **given)  # type: ignore[arg-type]
    assert refused.value.field == field and refused.value.message_ko
    assert isinstance(refused.value, InvalidRequest)  # mapped to 400 with the API's other bad requests


def test_from_after_to_says_so_in_korean() -> None:
    with pytest.raises(FilterRefused, match="after") as refused:
        parse_filters(today=TODAY, start="2025-03-05", end="2025-03-04")
    assert "늦습니다" in refused.value.message_ko


def test_unknown_chart_is_refused() -> None:
    assert chart_name("oee") == "oee"
    with pytest.raises(FilterRefused) as refused:
        chart_name("salaries")
    assert refused.value.field == "chart" and "알 수 없는 차트" in refused.value.message_ko


def test_literals_double_quotes() -> None:
    assert sql_literal("a'b") == "'a''b'"
