"""Session life in the browser: expiry warning, extension, expiry, rejected tokens, API failure.

The page's clock is Playwright's fake clock, so 28 minutes pass in a moment; the server's clock is
real. The live server's tokens last `token_minutes` (30 by default) and /config.json sets
`sessionWarningSeconds` (120).
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from tests.e2e.ui import log_in, wait_for_page


def _token_minutes(live_server: Any) -> int:
    return int(live_server.platform.container.settings.token_minutes)


def _warning_seconds(page: Any) -> int:
    return int(page.evaluate("async () => (await (await fetch('/config.json')).json()).sessionWarningSeconds"))


def _stored_session(page: Any) -> Any:
    raw = page.evaluate("() => sessionStorage.getItem('mdap.session')")
    return json.loads(raw) if raw else None


def test_warning_appears_before_expiry_and_extend_renews_the_token(page: Any, live_server: Any,
                                                                   axe_check: Any) -> None:
    page.clock.install(time=datetime.now())
    log_in(page, live_server, "staff")
    wait_for_page(page, "홈")
    before = _stored_session(page)
    dialog = page.get_by_role("alertdialog", name="로그인 시간이 곧 만료됩니다")
    assert not dialog.is_visible()
    left = before["expiresAt"] - time.time()
    page.clock.fast_forward(int((left - _warning_seconds(page) + 30) * 1000))  # 30 s inside the window
    dialog.wait_for()
    assert "자동으로 로그아웃됩니다" in dialog.inner_text()
    assert dialog.get_by_role("button", name="연장").evaluate("el => el === document.activeElement")
    axe_check(page)
    page.clock.set_system_time(datetime.now())  # back to the server's time before asking it to extend
    with page.expect_response(lambda r: r.url.endswith("/api/auth/refresh")) as refreshed:
        dialog.get_by_role("button", name="연장").click()
    assert refreshed.value.status == 200
    dialog.wait_for(state="hidden")
    after = _stored_session(page)
    assert after["expiresAt"] >= before["expiresAt"]
    assert after["expiresAt"] - time.time() > _token_minutes(live_server) * 60 - 60
    wait_for_page(page, "홈")


def test_expired_session_logs_out_to_the_log_in_page_with_a_message(page: Any, live_server: Any) -> None:
    page.clock.install(time=datetime.now())
    log_in(page, live_server, "evaluator")
    wait_for_page(page, "홈")
    page.clock.fast_forward((_token_minutes(live_server) * 60 + 5) * 1000)
    wait_for_page(page, "로그인")
    assert page.get_by_text("세션이 만료되었습니다").is_visible()
    assert _stored_session(page) is None


def test_warning_dialog_can_log_out(page: Any, live_server: Any) -> None:
    page.clock.install(time=datetime.now())
    log_in(page, live_server, "applicant")
    wait_for_page(page, "홈")
    page.clock.fast_forward((_token_minutes(live_server) * 60 - 60) * 1000)
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_role("button", name="로그아웃", exact=True).click()
    wait_for_page(page, "로그인")
    assert _stored_session(page) is None


def test_a_token_the_api_rejects_sends_the_user_to_log_in(page: Any, live_server: Any) -> None:
    page.goto("/login")
    wait_for_page(page, "로그인")
    forged = {"idToken": "not-a-real-token", "expiresAt": time.time() + 3600, "csrf": "forged.family",
              "user": {"sub": "x", "email": "x@demo.mdap.kr", "name": "위조", "roles": ["admin"]}}
    page.evaluate("s => sessionStorage.setItem('mdap.session', s)", json.dumps(forged))
    with page.expect_response(lambda r: r.url.endswith("/api/me")) as me:
        page.goto("/admin/users")
    assert me.value.status == 401
    wait_for_page(page, "로그인")
    assert page.get_by_text("세션이 만료되었습니다").is_visible()
    assert _stored_session(page) is None


def test_api_failure_shows_the_error_page_and_retry_recovers(page: Any, live_server: Any,
                                                             axe_check: Any) -> None:
    log_in(page, live_server, "staff")
    wait_for_page(page, "홈")
    page.route("**/api/me", lambda route: route.fulfill(
        status=503, json={"code": "unavailable", "message": "잠시 후 다시 시도하세요"}))
    page.reload()
    wait_for_page(page, "오류")
    assert page.get_by_role("alert").filter(has_text="서버와 통신하는 중 문제가 생겼습니다").is_visible()
    assert page.title().startswith("오류 | ")
    axe_check(page)
    page.unroute("**/api/me")
    page.get_by_role("button", name="다시 시도").click()
    wait_for_page(page, "홈")


def test_the_refresh_token_is_an_http_only_cookie_scripts_cannot_read(page: Any, live_server: Any) -> None:
    log_in(page, live_server, "staff")
    wait_for_page(page, "홈")
    cookies = [c for c in page.context.cookies() if c["name"].startswith("mdap_rt_")]
    assert len(cookies) == 1
    cookie = cookies[0]
    assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"], cookie["path"]) == (
        True, True, "Strict", "/api/auth")
    assert cookie["value"] not in page.evaluate("() => document.cookie + JSON.stringify(sessionStorage)")


def test_log_out_everywhere_ends_the_session_in_another_browser(browser: Any, page: Any, live_server: Any) -> None:
    other = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul")
    try:
        second = other.new_page()
        log_in(second, live_server, "applicant")
        wait_for_page(second, "홈")
        log_in(page, live_server, "applicant")
        wait_for_page(page, "홈")
        with page.expect_response(lambda r: r.url.endswith("/api/auth/logout")) as ended:
            page.get_by_role("button", name="모든 기기에서 로그아웃").click()
        assert ended.value.status == 200
        assert ended.value.json()["ended"] >= 2  # both browsers (earlier tests may have left more)
        wait_for_page(page, "로그인")
        with second.expect_response(lambda r: r.url.endswith("/api/auth/refresh")) as refused:
            second.get_by_role("button", name="연장").click()
        assert refused.value.status == 401
    finally:
        other.close()
