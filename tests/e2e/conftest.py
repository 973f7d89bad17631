"""Browser tests: a live local platform and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.axe import axe_violations, describe
from tests.live import LiveServer, live_platform

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if not (REPO / "frontend" / "dist" / "index.html").exists():
        pytest.fail("frontend/dist is missing: `make test` builds it (make install)")
    with live_platform(tmp_path_factory.mktemp("e2e-data"), login_attempts_per_15min=50,
                       client_config={"sessionWarningSeconds": 120}) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def axe_check() -> Any:
    def check(page: Any) -> None:
        violations = axe_violations(page)
        assert not violations, f"axe-core violations on {page.url}:\n" + describe(violations)

    return check
