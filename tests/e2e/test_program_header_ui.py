"""The KRDS mobile header: on a 390 × 844 phone (and at 200 % zoom) one compact bar with the site name and a
full-menu button; the menu, session timer, 연장, 로그아웃 and the language switch open in a modal panel that
works with the keyboard. On a desktop screen the header stays as it was."""

from __future__ import annotations

from typing import Any

from tests.e2e.program_ui import browser_page, check_page, heading, sign_in
from tests.e2e.program_world import own_server_fixture, still_platform_fixture
from tests.live import LiveServer

__all__ = ["own_server_fixture", "still_platform_fixture"]  # this module's own platform


def test_the_phone_header_is_one_compact_bar_with_everything_behind_the_full_menu(browser: Any,
                                                                                live_server: LiveServer) -> None:
    email, password = live_server.logins["staff"]
    with browser_page(browser, live_server.url, "mobile") as page:
        sign_in(page, email, password)
        heading(page, "홈")
        header = page.locator("header.site-header").bounding_box()
        assert header and header["height"] <= 64, header  # was 250–330 px
        assert not page.get_by_role("navigation", name="주 메뉴").is_visible()
        assert not page.get_by_role("button", name="로그아웃", exact=True).is_visible()
        button = page.get_by_role("button", name="전체메뉴", exact=True)
        assert button.get_attribute("aria-expanded") == "false"
        check_page(page, mobile=True)

        button.focus()
        page.keyboard.press("Enter")
        menu = page.get_by_role("dialog", name="전체메뉴")
        menu.wait_for()
        assert button.get_attribute("aria-expanded") == "true"
        nav = menu.get_by_role("navigation", name="주 메뉴")
        links = [text.strip() for text in nav.get_by_role("link").all_inner_texts()]
        assert links == ["홈", "사업 관리", "데이터 모니터링", "수기 데이터", "대시보드"]
        assert "로그아웃까지 남은 시간" in menu.inner_text()
        for name in ("연장", "로그아웃", "모든 기기에서 로그아웃", "English"):
            assert menu.get_by_role("button", name=name, exact=True).is_visible(), name
        check_page(page, mobile=True)
        page.keyboard.press("Escape")
        menu.wait_for(state="hidden")
        assert button.evaluate("el => el === document.activeElement")  # focus goes back to the button

        button.click()
        menu.get_by_role("link", name="사업 관리").click()
        heading(page, "사업 관리")
        assert not menu.is_visible()  # navigating closes the menu
        button.click()
        menu.get_by_role("button", name="English").click()
        heading(page, "Programme management")
        assert page.get_by_role("button", name="Menu", exact=True).is_visible()  # the menu speaks English too


def test_the_desktop_header_keeps_its_menu_and_user_bar(browser: Any, live_server: LiveServer) -> None:
    email, password = live_server.logins["staff"]
    with browser_page(browser, live_server.url) as page:
        sign_in(page, email, password)
        heading(page, "홈")
        assert page.get_by_role("navigation", name="주 메뉴").is_visible()
        assert page.get_by_role("button", name="로그아웃", exact=True).is_visible()
        assert not page.get_by_role("button", name="전체메뉴", exact=True).is_visible()


def test_pages_reflow_without_sideways_scrolling_at_200_percent_zoom(browser: Any, live_server: LiveServer) -> None:
    """200 % zoom of a 1280 px window lays the page out in 640 CSS pixels: the compact header and card tables."""
    email, password = live_server.logins["staff"]
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul",
                                  viewport={"width": 640, "height": 400}, device_scale_factor=2,
                                  reduced_motion="reduce")
    try:
        page = context.new_page()
        sign_in(page, email, password, "/programs/calls")
        heading(page, "공고")
        page.get_by_role("table").first.wait_for()
        assert page.get_by_role("button", name="전체메뉴", exact=True).is_visible()
        check_page(page, mobile=True)
        page.goto("/programs/approvals")
        heading(page, "결재함")
        check_page(page, mobile=True)
    finally:
        context.close()
