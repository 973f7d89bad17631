"""The dashboards API on the real local server over the hand-worked KPI plant (tests.integration.kpi_plant):
roles and site scope (a factory user of one site gets 404 for another), server-side aggregation, Paretos with
cumulative shares, the thinned sensor trend, CSV export and Korean refusals of bad filters."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import requests

from mdap.localserver.demo_factory import seeded_today
from tests.e2e.program_api import Person
from tests.integration.kpi_plant import SITE, load_plant
from tests.live import LiveServer, live_platform

PASSWORD = "Kpi-Factory-Lee-1"
RANGE = "from=2025-03-03&to=2025-03-03"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("dashboards-http"), pipeline_batch_seconds=0) as server:
        container: Any = server.platform.container
        container.identity.create_user("lee@kpi.kr", "이공장", ["factory"], PASSWORD, SITE)
        load_plant(lambda key, data: container.blobs["raw"].put(key, data), lambda sql: container.query.query(sql).rows)
        yield server


def person(live: LiveServer, who: str) -> Person:
    if who == "lee":
        return Person(live.url, "lee@kpi.kr", PASSWORD).log_in()
    return Person(live.url, *live.logins[who]).log_in()


def test_only_staff_admin_and_factory_users_see_dashboards(live: LiveServer) -> None:
    assert requests.get(f"{live.url}/api/dashboards/oee", timeout=10).status_code == 401
    for role in ("applicant", "evaluator"):
        assert person(live, role).call("GET", "/dashboards/oee", expect=403)["code"] == "forbidden"
    for role in ("staff", "admin", "factory"):
        assert person(live, role).call("GET", "/dashboards/oee")["chart"] == "oee"


def test_oee_is_aggregated_per_line_and_shift(live: LiveServer) -> None:
    answer = person(live, "staff").call("GET", f"/dashboards/oee?{RANGE}&site=kpi")
    rows = [dict(zip(answer["columns"], row, strict=True)) for row in answer["rows"]]
    assert [(r["line"], r["shift"]) for r in rows] == [("L1", "A"), ("L1", "B")]
    assert rows[0]["oee"] == pytest.approx(12000 / 21600 * 0.85 * 0.5)  # worked out in test_kpi_views
    assert rows[1]["availability"] == pytest.approx(0.25)
    assert answer["filters"] == {"from": "2025-03-03", "to": "2025-03-03", "site": "kpi", "line": None,
                                 "asset": None, "tag": None, "points": 500}


def test_a_factory_user_sees_its_own_site_and_gets_404_for_another(live: LiveServer) -> None:
    lee, kim = person(live, "lee"), person(live, "factory")  # kpi's and demo's factory users
    mine = lee.call("GET", f"/dashboards/production?{RANGE}")
    assert mine["rows"] == [["2025-03-03", "A", 2, 500, 450, pytest.approx(0.9)],
                            ["2025-03-03", None, 1, 10, 10, pytest.approx(1.0)]]
    assert mine["filters"]["site"] is None
    assert lee.call("GET", f"/dashboards/production?{RANGE}&site=demo", expect=404)["code"] == "not_found"
    assert kim.call("GET", f"/dashboards/oee?{RANGE}&site=kpi", expect=404)["code"] == "not_found"
    # demo's own orders (the demo factory's MES export, from the day before its seed's day): none of kpi's
    seeded = seeded_today(live.platform.container)
    assert seeded is not None
    yesterday = f"{seeded - timedelta(days=1):%Y-%m-%d}"
    demo = kim.call("GET", f"/dashboards/production?from={yesterday}&to={yesterday}")["rows"]
    assert {row[0] for row in demo} == {yesterday}
    assert sum(row[4] for row in demo) == pytest.approx(3995)
    assert kim.call("GET", f"/dashboards?from={yesterday}&to={yesterday}")["sites"] == ["demo"]
    staff = person(live, "staff")
    assert staff.call("GET", f"/dashboards?from={yesterday}&to={yesterday}")["sites"] == ["demo"]
    options = staff.call("GET", f"/dashboards?{RANGE}")
    assert options["sites"] == [SITE] and "L1" in options["lines"]
    assert {"asset": "m2", "tag": "temp"} in options["series"]


def test_paretos_are_sorted_with_cumulative_shares(live: LiveServer) -> None:
    staff = person(live, "staff")
    defects = staff.call("GET", f"/dashboards/defect_pareto?{RANGE}&site=kpi&line=L1")
    assert defects["columns"] == ["defect_code", "defects", "share", "cumulative_share"]
    assert defects["rows"] == [["D-1", 2, pytest.approx(2 / 3), pytest.approx(2 / 3)],
                               ["D-2", 1, pytest.approx(1 / 3), pytest.approx(1.0)]]
    stops = staff.call("GET", f"/dashboards/downtime_pareto?{RANGE}&site=kpi")
    # m2's temperature readings (09:00-18:59) see the whole break and maintenance slot; m1 only its alarm minutes
    assert [row[:3] for row in stops["rows"]] == [["m2", "break", 30], ["m2", "maintenance", 30], ["m1", "alarm", 10],
                                                  ["m1", "break", 2], ["m1", "maintenance", 1]]
    assert [row[4] for row in stops["rows"]] == pytest.approx([30 / 73, 60 / 73, 70 / 73, 72 / 73, 1.0])
    rate = staff.call("GET", f"/dashboards/defect_rate?{RANGE}&site=kpi")
    assert rate["rows"] == [["2025-03-03", 6, 3, 0.5]]


def test_the_sensor_trend_is_thinned_with_lttb_keeping_the_spike(live: LiveServer) -> None:
    trend = person(live, "staff").call("GET", f"/dashboards/sensor_trend?{RANGE}&site=kpi&asset=m2&tag=temp&points=50")
    assert trend["total_points"] == 600 and len(trend["rows"]) == 50
    assert trend["columns"] == ["minute", "avg", "min", "max"]
    assert [row[1] for row in trend["rows"]].count(999.0) == 1
    assert trend["rows"][0][0] == "2025-03-03T00:00:00" and trend["rows"][-1][0] == "2025-03-03T09:59:00"


def test_csv_export_has_a_bom_and_the_chart_rows(live: LiveServer) -> None:
    staff = person(live, "staff")
    reply = staff.session.get(f"{live.url}/api/dashboards/defect_pareto?{RANGE}&site=kpi&format=csv", timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("text/csv")
    assert 'filename="defect_pareto-2025-03-03-2025-03-03.csv"' in reply.headers["Content-Disposition"]
    assert reply.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
    assert table[0] == ["defect_code", "defects", "share", "cumulative_share"] and table[1][:2] == ["D-1", "2"]


@pytest.mark.parametrize(("query", "field", "korean"), [
    ("from=2025-03-04&to=2025-03-03", "from", "늦습니다"),
    ("from=2025-3-4", "from", "YYYY-MM-DD"),
    ("line=L1'%20OR%20'1'='1", "line", "사용할 수 없는 문자"),
])
def test_bad_filters_are_refused_in_korean(live: LiveServer, query: str, field: str, korean: str) -> None:
    refused = person(live, "staff").call("GET", f"/dashboards/oee?{query}", expect=400)
    assert refused["field"] == field and korean in refused["message"]


def test_an_unknown_chart_is_a_bad_request(live: LiveServer) -> None:
    refused = person(live, "staff").call("GET", "/dashboards/salaries", expect=400)
    assert refused["field"] == "chart" and "알 수 없는 차트" in refused["message"]
