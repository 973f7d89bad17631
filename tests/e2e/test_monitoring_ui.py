"""The monitoring page in Chromium against the real local server and a real collector (``mdap_edge`` with the
simulator source) writing its status into the platform's Table: the factory user sees its collector online with
values changing; the collector is killed and within 30 s the page shows it stale with an ACTIVE alarm; the user
acknowledges it and the page shows who and when (and the audit log has it). axe-core finds nothing, on a desktop
and on a 390 px phone, in Korean and in English. R-PLT-3: web monitoring of collection and processing."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.program_api import Person
from tests.e2e.program_ui import browser_page, check_page, sign_in
from tests.integration.edge.collector import CollectorProcess, wait_for
from tests.live import LiveServer, live_platform

DEVICE = "edge-e2e"
STALE_SECONDS = 4  # short thresholds (settings), so the test sees the whole life of an alarm quickly


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, CollectorProcess]]:
    work = tmp_path_factory.mktemp("monitoring-ui")
    collector = CollectorProcess(work, {
        "site": "demo", "device": DEVICE, "spool": {"path": "edge/spool"}, "batch": {"max_rows": 50_000,
                                                                                      "max_seconds": 2},
        "store": {"kind": "local"}, "status": {"kind": "local", "every_seconds": 1},
        "sources": [{"name": "press-sim", "kind": "simulator", "assets": 1, "tags": 3, "interval_ms": 250}]})
    with live_platform(collector.data_dir, monitoring_stale_seconds=STALE_SECONDS, monitoring_offline_seconds=120,
                       monitoring_evaluate_seconds=1, login_attempts_per_15min=50) as live:
        collector.start()
        try:
            collector.wait_connected("press-sim")
            yield live, collector
        finally:
            collector.close()


def _collector_row(page: Any) -> Any:
    return page.locator("section[aria-labelledby='mon-collectors'] tr", has_text=DEVICE)


def _tag_values(page: Any) -> list[str]:
    return page.locator("section[aria-labelledby='mon-tags'] .tag-value").all_inner_texts()


def test_a_collector_online_then_silent_raises_an_alarm_the_factory_acknowledges(
        browser: Any, factory: tuple[LiveServer, CollectorProcess]) -> None:
    live, collector = factory
    email, password = live.logins["factory"]
    with browser_page(browser, live.url) as page:
        sign_in(page, email, password, "/monitoring")
        page.get_by_role("heading", level=1, name="데이터 모니터링").wait_for()
        page.get_by_text("사이트: demo").wait_for()  # shown once the user's sites have loaded
        _collector_row(page).filter(has_text="온라인").wait_for(timeout=20_000)
        page.get_by_text(re.compile(r"데이터 기준 \d+초 전")).wait_for()
        first = wait_for(lambda: _tag_values(page), 20, "the collector's last values")
        assert len(first) == 3
        wait_for(lambda: _tag_values(page) and _tag_values(page) != first, 20, "the values to change")
        check_page(page)

        collector.kill9()  # no goodbye: its heartbeat just stops
        stopped = time.monotonic()
        _collector_row(page).filter(has_text="지연").wait_for(timeout=30_000)
        alarm = page.locator("section[aria-labelledby='mon-alarms'] tr", has_text=f"수집기 {DEVICE}의 신호가")
        alarm.filter(has_text="발생").wait_for(timeout=30_000)
        took = time.monotonic() - stopped
        assert took < 30, f"stale and alarmed after {took:.1f} s"
        print(f"\ncollector killed -> page shows it stale with an ACTIVE alarm in {took:.1f} s")
        check_page(page)

        alarm.get_by_role("button", name=re.compile("^확인 처리: ")).click()
        page.get_by_role("status").filter(has_text="알람을 확인 처리했습니다").wait_for()
        acknowledged = alarm.filter(has_text="확인됨").filter(has_text=email)
        acknowledged.wait_for()
        assert re.search(r"\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}", acknowledged.inner_text())  # when
        history = page.locator("section[aria-labelledby='mon-history'] tr", has_text=f"수집기 {DEVICE}의 신호가")
        history.filter(has_text=email).wait_for(timeout=20_000)
        check_page(page)

    staff = Person(live.url, *live.logins["staff"]).log_in()
    [found] = [a for a in staff.call("GET", "/monitoring/alarms?site=demo")["items"] if a["subject"] == DEVICE]
    trail = staff.call("GET", f"/monitoring/alarms/{found['id']}")["trail"]
    assert [(e["action"], e["actor"]) for e in trail][-1] == ("alarm.acknowledged", email)


@pytest.mark.parametrize(("lang", "viewport", "role"), [("en", "desktop", "staff"), ("ko", "mobile", "factory")])
def test_the_page_passes_axe_and_fits_a_phone(browser: Any, factory: tuple[LiveServer, CollectorProcess], lang: str,
                                              viewport: str, role: str) -> None:
    live, _ = factory
    with browser_page(browser, live.url, viewport, lang) as page:
        sign_in(page, *live.logins[role], "/monitoring")
        page.get_by_role("heading", level=1, name=re.compile("^(데이터 모니터링|Data monitoring)$")).wait_for()
        page.get_by_text(re.compile(r"(데이터 기준|Data as of)")).wait_for()
        _collector_row(page).wait_for()
        if role == "staff":
            picker = page.get_by_label("Site")
            picker.select_option("demo")
            page.wait_for_url(re.compile(r"/monitoring\?site=demo$"))
        check_page(page, mobile=viewport == "mobile")
