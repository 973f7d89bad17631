"""User administration in Chromium: an invitation with a one-time password shown once, the server's refusal shown
on the field it names, roles changed, the account disabled and its password reset, each change in the user's
audit trail; the invited person logs in with the one-time password."""

from __future__ import annotations

import re
import uuid
from typing import Any

import requests

from tests.e2e.program_ui import browser_page, check_page, heading, sign_in
from tests.e2e.program_world import own_server_fixture, still_platform_fixture
from tests.live import LiveServer

__all__ = ["own_server_fixture", "still_platform_fixture"]  # this module's own platform


def _password(page: Any) -> str:
    code = page.locator("code.one-time-password")
    code.wait_for()
    return str(code.inner_text()).strip()


def test_admin_invites_a_user_changes_roles_disables_and_resets_with_the_trail(browser: Any,
                                                                               live_server: LiveServer) -> None:
    email = f"invited.{uuid.uuid4().hex[:6]}@admin.test.kr"
    admin_email, admin_password = live_server.logins["admin"]
    with browser_page(browser, live_server.url) as page:
        sign_in(page, admin_email, admin_password, "/admin/users")
        heading(page, "사용자 관리")
        page.get_by_role("table", name="사용자 목록").wait_for()
        check_page(page)
        page.locator("#invite-user-email").fill(email)
        page.locator("#invite-user-name").fill("초대 평가위원")
        page.locator("label", has_text="평가위원").click()
        page.get_by_role("button", name="초대하기").click()
        password = _password(page)
        assert len(password) >= 12
        page.get_by_text("이 비밀번호는 지금 한 번만 보입니다").wait_for()

        page.locator("#invite-user-email").fill(email)  # the same address again: refused on the field
        page.locator("#invite-user-name").fill("중복")
        page.locator("label", has_text="평가위원").click()
        page.get_by_role("button", name="초대하기").click()
        error = page.locator("#invite-user-email-error")
        error.wait_for()
        assert error.inner_text() == "이미 등록된 이메일입니다."
        assert page.locator("#invite-user-email").get_attribute("aria-invalid") == "true"

        with browser_page(browser, live_server.url) as invited:
            sign_in(invited, email, password)
            heading(invited, "홈")
            assert invited.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="평가 배정").is_visible()

        page.goto("/admin/users")
        page.get_by_label("표 안에서 찾기").fill(email)
        page.get_by_role("link", name="초대 평가위원").click()
        heading(page, "초대 평가위원")
        page.locator("label", has_text="사업담당자").click()
        page.get_by_role("button", name="역할 저장").click()
        page.get_by_text("역할을 저장했습니다.").wait_for()
        page.get_by_role("button", name="사용 중지", exact=True).click()
        page.get_by_role("dialog", name="이 계정을 사용 중지할까요?").get_by_role("button", name="사용 중지").click()
        page.locator(".facts").get_by_text("사용 중지").wait_for()
        refused = requests.post(f"{live_server.url}/api/auth/login", json={"email": email, "password": password},
                                timeout=10)
        assert refused.status_code == 401
        page.get_by_role("button", name="다시 사용").click()
        confirm = page.get_by_role("dialog", name="이 계정을 다시 사용하게 할까요?")
        confirm.get_by_role("button", name="다시 사용").click()
        page.locator(".facts").get_by_text("사용 중", exact=True).wait_for()
        page.get_by_role("button", name="비밀번호 초기화").click()
        confirm = page.get_by_role("dialog", name="비밀번호를 초기화할까요?")
        confirm.get_by_role("button", name="비밀번호 초기화").click()
        reset = _password(page)
        assert reset != password
        trail = page.get_by_role("table", name="계정 감사 기록")
        trail.get_by_text("user.password_reset").wait_for()
        actions = trail.get_by_role("cell", name=re.compile(r"^user\.")).all_inner_texts()
        assert {"user.invited", "user.roles_changed", "user.disabled", "user.enabled",
                "user.password_reset"} <= set(actions)
        check_page(page)
    login = requests.post(f"{live_server.url}/api/auth/login", json={"email": email, "password": reset}, timeout=10)
    assert login.status_code == 200 and set(login.json()["user"]["roles"]) == {"evaluator", "staff"}
