"""Log-in and role navigation in Chromium, against a live local platform."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.ui import NAV, SITE, log_in, nav_labels, wait_for_page


@pytest.mark.parametrize("role", ["applicant", "evaluator", "staff", "admin", "factory"])
def test_each_demo_role_logs_in_and_sees_its_navigation(page: Any, live_server: Any, axe_check: Any,
                                                        role: str) -> None:
    log_in(page, live_server, role)
    wait_for_page(page, "홈")
    assert nav_labels(page) == NAV[role]
    assert page.title() == f"홈 | {SITE}"
    assert page.get_by_text("환영합니다").is_visible()
    axe_check(page)


def test_wrong_password_shows_an_error_and_stays_on_the_log_in_page(page: Any, live_server: Any,
                                                                    axe_check: Any) -> None:
    email, _ = live_server.logins["staff"]
    page.goto("/login")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill("not-the-password")
    page.get_by_role("button", name="로그인", exact=True).click()
    alert = page.get_by_role("alert").filter(has_text="로그인하지 못했습니다")
    alert.wait_for()
    assert re.search(r"/login", page.url)
    assert page.evaluate("() => sessionStorage.getItem('mdap.session')") is None
    assert page.get_by_label("비밀번호").evaluate("el => el === document.activeElement")
    axe_check(page)


def test_empty_fields_get_linked_announced_errors(page: Any, live_server: Any, axe_check: Any) -> None:
    page.goto("/login")
    page.get_by_role("button", name="로그인", exact=True).click()
    email = page.get_by_label("이메일")
    page.get_by_text("이메일을 입력하세요.").wait_for()
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").inner_text() == "이메일을 입력하세요."
    assert page.locator(f"#{described}").get_attribute("role") == "alert"
    assert email.evaluate("el => el === document.activeElement")
    axe_check(page)


def test_log_out_returns_to_the_log_in_page(page: Any, live_server: Any, axe_check: Any) -> None:
    log_in(page, live_server, "evaluator")
    wait_for_page(page, "홈")
    page.get_by_role("button", name="로그아웃", exact=True).click()
    wait_for_page(page, "로그인")
    assert page.get_by_role("status").filter(has_text="로그아웃되었습니다").is_visible()
    axe_check(page)
    page.goto("/evaluations")
    wait_for_page(page, "로그인")  # logged out: protected pages send you to log in


def test_a_role_without_access_gets_the_forbidden_page(page: Any, live_server: Any, axe_check: Any) -> None:
    log_in(page, live_server, "applicant")
    page.goto("/admin/users")
    wait_for_page(page, "접근 권한 없음")
    assert page.title() == f"접근 권한 없음 | {SITE}"
    axe_check(page)


def test_log_in_returns_to_the_page_first_asked_for(page: Any, live_server: Any, axe_check: Any) -> None:
    log_in(page, live_server, "staff", start="/monitoring")
    wait_for_page(page, "데이터 모니터링")
    assert page.url.endswith("/monitoring")
    page.get_by_text("데이터 기준").wait_for()  # the live page, not a placeholder
    axe_check(page)
