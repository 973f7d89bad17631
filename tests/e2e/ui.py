"""Shared steps for the browser tests: the shell's texts, log-in, and waiting for a page."""

from __future__ import annotations

import re
from typing import Any

SITE = "제조데이터 활성화 플랫폼"
SITE_EN = "Manufacturing Data Activation Platform"

# What each demo role must find in the main navigation, in order (the shell's contract with issue 2).
NAV = {
    "applicant": ["홈", "내 신청 현황"],
    "evaluator": ["홈", "평가 배정"],
    "staff": ["홈", "사업 관리", "데이터 모니터링", "수기 데이터", "대시보드"],
    "admin": ["홈", "사업 관리", "데이터 모니터링", "수기 데이터", "대시보드", "사용자 관리"],
    "factory": ["홈", "데이터 모니터링", "수기 데이터", "대시보드"],
}

# Area route -> page name, for the titles test.
AREAS = {
    "/applications": ("applicant", "내 신청 현황"),
    "/evaluations": ("evaluator", "평가 배정"),
    "/programs": ("staff", "사업 관리"),
    "/monitoring": ("staff", "데이터 모니터링"),
    "/data": ("staff", "수기 데이터"),
    "/dashboards": ("staff", "대시보드"),
    "/admin/users": ("admin", "사용자 관리"),
}


def wait_for_page(page: Any, heading: str) -> None:
    """A page is ready when its <h1> shows the expected name."""
    page.get_by_role("heading", level=1, name=heading).wait_for()


def log_in(page: Any, server: Any, role: str, *, start: str = "/login") -> None:
    email, password = server.logins[role]
    page.goto(start)
    wait_for_page(page, "로그인")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인", exact=True).click()
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def nav_labels(page: Any) -> list[str]:
    nav = page.get_by_role("navigation", name="주 메뉴")
    nav.wait_for()
    return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]
