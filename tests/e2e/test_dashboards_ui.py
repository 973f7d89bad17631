"""The dashboards page in Chromium on the real local server over the hand-worked KPI plant
(tests.integration.kpi_plant), put through the pipeline: staff see the OEE and production figures; a changed site
refetches them (the demo factory's day, its orders and OEE); a chart's CSV downloads with its BOM; axe-core finds
nothing on a desktop and a 390 px phone, in Korean and in English. R-PLT-7: BI visualisation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mdap.localserver.demo_factory import seeded_today
from tests.e2e.program_ui import browser_page, check_page, sign_in
from tests.integration.kpi_plant import load_plant
from tests.live import LiveServer, live_platform

PAGE = "/dashboards?from=2025-03-03&to=2025-03-03&site=kpi"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("dashboards-ui"), pipeline_batch_seconds=0) as server:
        container: Any = server.platform.container
        load_plant(lambda key, data: container.blobs["raw"].put(key, data), lambda sql: container.query.query(sql).rows)
        yield server


@pytest.fixture(scope="module")
def yesterday(live: LiveServer) -> str:
    """The day before the one the demo factory's files were seeded for (its MES export's first day)."""
    today = seeded_today(live.platform.container)
    assert today is not None, "the local server seeds the demo factory when it starts"
    return f"{today - timedelta(days=1):%Y-%m-%d}"


def _fact(page: Any, chart: str, name: str) -> Any:
    return page.locator(f"section[data-chart='{chart}'] .fact", has_text=name).locator("dd")


def test_staff_read_kpis_change_the_site_and_export_csv(browser: Any, live: LiveServer, yesterday: str,
                                                         tmp_path: Path) -> None:
    with browser_page(browser, live.url) as page:
        sign_in(page, *live.logins["staff"], PAGE)
        page.get_by_role("heading", level=1, name="대시보드").wait_for()
        # OEE over shifts A and B: A = 19200/50400, E = 15000/19200, Q = 225/450 → 14.9 % (tests/integration)
        oee = _fact(page, "oee", "OEE")
        oee.filter(has_text="14.9%").wait_for()
        assert _fact(page, "oee", "가용률").inner_text() == "38.1%"
        _fact(page, "production", "실적 수량").filter(has_text="460").wait_for()
        page.get_by_text("m1 · alarm: 14개 점으로 표시(원래 14분)").wait_for()  # the first series with data
        page.get_by_label("설비·태그").select_option(label="m2 · temp")
        page.get_by_text("m2 · temp: 500개 점으로 표시(원래 600분)").wait_for()  # thinned with LTTB

        # the demo factory's MES export starts the day before its seed's day: that day, then its site
        page.goto(f"/dashboards?from={yesterday}&to={yesterday}&site=kpi")
        page.locator("section[data-chart='oee']").get_by_text("이 조건에 해당하는 데이터가 없습니다.").wait_for()
        page.get_by_label("사이트").select_option("demo")
        page.wait_for_url(re.compile(r"site=demo"))
        _fact(page, "production", "실적 수량").filter(has_text="3,995").wait_for()  # the demo factory's orders
        oee.filter(has_text="%").wait_for()  # against the demo's shift calendar

        page.goto(PAGE)
        oee.filter(has_text="14.9%").wait_for()
        with page.expect_download() as download:
            page.get_by_role("button", name="CSV 내려받기: 불량 파레토").click()
        saved = tmp_path / "pareto.csv"
        download.value.save_as(saved)
        data = saved.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        lines = data.decode("utf-8-sig").splitlines()
        assert lines[0] == "defect_code,defects,share,cumulative_share" and lines[1].startswith("D-1,2,")
        assert download.value.suggested_filename == "defect_pareto-2025-03-03-2025-03-03.csv"


@pytest.mark.parametrize(("lang", "viewport", "role"), [("ko", "desktop", "staff"), ("en", "mobile", "staff"),
                                                        ("ko", "mobile", "factory")])
def test_the_page_passes_axe_and_fits_a_phone(browser: Any, live: LiveServer, yesterday: str, lang: str,
                                              viewport: str, role: str) -> None:
    with browser_page(browser, live.url, viewport, lang) as page:
        sign_in(page, *live.logins[role], PAGE if role == "staff" else f"/dashboards?from={yesterday}&to={yesterday}")
        page.get_by_role("heading", level=1, name=re.compile("^(대시보드|Dashboards)$")).wait_for()
        page.locator("section[data-chart='production'] .dashboard-summary").wait_for()
        page.locator("section[data-chart='production'] details summary").click()  # the table alternative, open
        check_page(page, mobile=viewport == "mobile")
