"""Manual data in Chromium against the real local server: a CP949 CSV with mixed errors uploaded from /data shows
the exact counts and each rejected row's column, value and Korean reason; a correction shows its history; the
commit sends the accepted rows to the pipeline and they reach the curated view. A factory user sees only its
own site. axe-core finds nothing, on a desktop and on a 390 px phone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.program_ui import browser_page, check_page, heading, sign_in
from tests.integration.test_manual_data_http import ROWS, SITE, _csv
from tests.live import LiveServer, live_platform


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("manual-ui"), login_attempts_per_15min=50) as server:
        yield server


def _counts(page: Any) -> dict[str, str]:
    return {name: page.locator(f"[data-count='{name}']").inner_text()
            for name in ("rows", "accepted", "rejected", "duplicates")}


def _upload(page: Any, path: Path, *, site: str | None) -> None:
    page.goto("/data")
    heading(page, "수기 데이터")
    page.get_by_label("데이터 종류").select_option("inspection_records")
    page.get_by_text("양식의 열: 로트번호").wait_for()
    if site is not None:
        page.locator("#data-upload-site").fill(site)
    page.locator("#data-upload-file").set_input_files(str(path))
    page.get_by_role("button", name="올리고 검사하기").click()
    heading(page, "검사 결과: " + path.name)


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_an_upload_with_errors_is_reported_corrected_and_committed(
        browser: Any, live: LiveServer, tmp_path: Path, viewport: str) -> None:
    mobile = viewport == "mobile"
    path = tmp_path / f"검사기록-{viewport}.csv"
    path.write_bytes(_csv(ROWS, "cp949"))
    with browser_page(browser, live.url, viewport) as page:
        sign_in(page, *live.logins["staff"], "/data")
        heading(page, "수기 데이터")
        check_page(page, mobile=mobile)
        page.get_by_role("button", name="올리고 검사하기").click()  # nothing chosen: the summary says what
        page.locator(".error-summary").wait_for()
        _upload(page, path, site=SITE)
        assert _counts(page) == {"rows": "9", "accepted": "5", "rejected": "3", "duplicates": "1"}
        table = page.get_by_role("table", name="오류·수정 행")
        table.get_by_text("2026-13-45 08:00").wait_for()
        assert "검사일시 값을 일시 형식으로 읽을 수 없습니다" in table.inner_text()
        check_page(page, mobile=mobile)

        page.get_by_role("button", name="수정 행 6").click()
        form = page.get_by_role("region", name="6행 수정")
        form.get_by_label("검사일시").fill("2026-03-02 09:50")
        form.get_by_role("button", name="수정 저장").click()
        page.locator("[data-count='accepted']", has_text="6").wait_for()
        page.get_by_text("변경 이력 1건").first.click()
        page.get_by_text("검사일시: 2026-13-45 08:00 → 2026-03-02 09:50").wait_for()
        check_page(page, mobile=mobile)

        page.get_by_role("button", name="정상 행 6개 반영").click()
        page.get_by_role("dialog", name="정상 행을 반영할까요?").get_by_role("button", name="정상 행 6개 반영").click()
        page.get_by_text("정상 행 6개를 반영했습니다.").wait_for()
        check_page(page, mobile=mobile)
    assert _curated_rows(live) >= 6


def _curated_rows(live: LiveServer) -> int:
    deadline = time.monotonic() + 90
    while True:
        try:
            found = live.platform.container.query.query(
                f"SELECT count(DISTINCT lot_no) FROM inspection_records_clean WHERE site = '{SITE}'").rows[0][0]
        except Exception:  # no partition of the site yet
            found = 0
        if found >= 6 or time.monotonic() > deadline:
            return int(found)
        time.sleep(0.5)


def test_a_factory_user_uploads_for_its_own_site_only(browser: Any, live: LiveServer, tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_bytes(_csv(ROWS[:2], "utf-8"))
    with browser_page(browser, live.url) as page:
        sign_in(page, *live.logins["factory"], "/data")
        heading(page, "수기 데이터")
        page.get_by_text("사이트: demo").wait_for()  # shown once the user's sites have loaded
        assert page.locator("#data-upload-site").count() == 0  # no site to choose
        _upload(page, path, site=None)
        assert _counts(page) == {"rows": "2", "accepted": "2", "rejected": "0", "duplicates": "0"}
        assert "demo" in page.locator(".facts").first.inner_text()
        check_page(page)
