"""Staff's journey in Chromium against a live server whose clock the test moves: the ranking board explains a tie
broken by the bonus and is confirmed (a double click decides once), approvals are decided from the inbox (a
double submit decides once; one decided elsewhere first is reported calmly), the payment window counts down on
the project's timeline, and when the clock passes it the reserve company is promoted. Also: a call created from
the 2022 template whose printed rubric (35 vs 40) is shown, refused, corrected live and opened."""

from __future__ import annotations

import re
from datetime import timedelta, timezone
from typing import Any

import pytest

from tests.e2e.program_api import approval, wait_for
from tests.e2e.program_ui import browser_page, check_page, heading, sign_in
from tests.e2e.program_world import World, score, still_platform_fixture, world_fixture

__all__ = ["still_platform_fixture", "world_fixture"]  # the helper's fixtures, offered to these tests

BASES = {"가": 90, "나": 80, "다": 85, "라": 78, "마": 72}  # 나 holds the bonus: 80 + 5 = 85, tied with 다


def _ranked_round(world: World) -> tuple[dict[str, Any], dict[str, str]]:
    call = world.call("선정 여정")
    apps = {label: world.apply(call["id"], f"선정{label}{world.tag}", bonus=label == "나")[0] for label in BASES}
    world.close_and_pass_review(call, list(apps.values()))
    evaluators = [world.person("evaluator", f"panel{n}") for n in range(3)]
    world.assign_panel(call["id"], list(apps.values()), evaluators)
    for evaluator in evaluators:
        for label, app_id in apps.items():
            score(evaluator, app_id, BASES[label])
    approval(world.staff, "ranking_confirmation", call=call["id"])
    return call, apps


def _decisions(page: Any) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" and r.url.endswith("/decision") else None)
    return sent


def _inbox_row(page: Any, kind: str, company: str) -> Any:
    page.goto("/programs/approvals")
    heading(page, "결재함")
    row = page.get_by_role("row").filter(has_text=kind).filter(has_text=company)
    row.first.wait_for()
    return row.first


def _status(world: World, app_id: str) -> str:
    return str(world.staff.call("GET", f"/applications/{app_id}")["status"])


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_staff_confirm_a_tied_ranking_decide_from_the_inbox_and_see_the_reserve_promoted(
        browser: Any, world: World, viewport: str) -> None:
    call, apps = _ranked_round(world)
    company = {label: f"선정{label}{world.tag}" for label in BASES}
    mobile = viewport == "mobile"
    email, password = world.live.logins["staff"]
    with browser_page(browser, world.live.url, viewport) as page:
        sent = _decisions(page)
        sign_in(page, email, password, "/programs")
        heading(page, "사업 관리")
        page.get_by_role("table", name="대기 중인 결재").wait_for()  # the most urgent approvals on the desk
        check_page(page, mobile=mobile)

        page.goto("/programs/approvals")
        heading(page, "결재함")
        page.get_by_label("표 안에서 찾기").fill(world.tag)  # the inbox filtered to this round
        row = page.get_by_role("row").filter(has_text="순위 확정")
        row.get_by_role("link", name="순위 확정").click()
        heading(page, "순위 확정")
        page.get_by_role("link", name=re.compile(f"선정 여정 {world.tag}")).click()
        page.get_by_role("navigation", name="공고 메뉴").get_by_role("link", name="순위").click()
        board = page.get_by_role("table", name="순위표")
        board.wait_for()
        second = board.get_by_role("row").filter(has_text=company["나"])
        third = board.get_by_role("row").filter(has_text=company["다"])
        second.filter(has_text="가점 보유 기업 우선 적용").wait_for()  # the tie on 85 and what broke it
        assert "총점 85점 동점 2건" in second.inner_text() and "가점 보유 기업 우선 적용" in third.inner_text()
        assert second.get_by_role("cell").first.inner_text().strip().endswith("2")  # the bonus holder first
        assert third.get_by_role("cell").first.inner_text().strip().endswith("3")
        assert "후순위" in board.get_by_role("row").filter(has_text=company["라"]).inner_text()
        check_page(page, mobile=mobile)
        page.get_by_role("button", name="순위 확정").dblclick()
        published = ("selected", "reserve")
        wait_for("publication", lambda: (_status(world, apps["가"]), _status(world, apps["라"])) == published)
        assert len(sent) == 1, sent  # a double click decides once

        approval(world.staff, "cost_audit", project="prj-" + apps["가"].removeprefix("app-"))
        row = _inbox_row(page, "원가감리", company["가"])
        row.get_by_role("link", name="원가감리").click()
        heading(page, "원가감리")
        page.get_by_label(re.compile("원가감리 확정 사업비")).fill("100,000,000")
        check_page(page, mobile=mobile)
        page.get_by_role("button", name="결정", exact=True).dblclick()
        page.get_by_text("처리된 결재입니다.", exact=True).wait_for()
        assert len(sent) == 2, sent  # the second click sent nothing

        _inbox_row(page, "협약 체결", company["가"]).get_by_role("link", name="협약 체결").click()
        heading(page, "협약 체결")
        page.get_by_role("button", name="결정", exact=True).click()
        page.get_by_text("처리된 결재입니다.", exact=True).wait_for()

        _inbox_row(page, "원가감리", company["나"]).get_by_role("link", name="원가감리").click()
        heading(page, "원가감리")
        page.get_by_label(re.compile("원가감리 확정 사업비")).fill("90000000")
        elsewhere = approval(world.staff, "cost_audit", project="prj-" + apps["나"].removeprefix("app-"))
        world.staff.call("POST", f"/approvals/{elsewhere['id']}/decision", {"audited_budget": 90_000_000})
        page.get_by_role("button", name="결정", exact=True).click()
        page.get_by_text("이미 처리된 결재입니다.").wait_for()  # decided elsewhere first: said calmly
        assert page.get_by_role("alert").filter(has_text="결정하지 못했습니다").count() == 0
        page.get_by_text("처리된 결재입니다.", exact=True).wait_for()  # and the page shows it as it now is

        project = "prj-" + apps["가"].removeprefix("app-")
        wait_for("payment window",
                 lambda: world.staff.call("GET", f"/projects/{project}")["status"] == "payment_window")
        page.goto(f"/programs/projects/{project}")
        heading(page, re.compile(company["가"]))
        timeline = page.locator(".project-timeline")
        timeline.get_by_text("지원금 지급신청", exact=True).wait_for()
        assert "남음" in timeline.locator(".fact", has_text="지원금 지급신청 기한").inner_text()  # counting down
        check_page(page, mobile=mobile)

        world.clock.advance(timedelta(days=15))  # nobody asks for the grant in time (R-PAY-2)
        wait_for("promotion of the first reserve", lambda: _status(world, apps["라"]) == "selected")
        sign_in(page, email, password, f"/programs/projects/{project}")  # the clock moved past the session too
        heading(page, re.compile(company["가"]))
        page.locator(".project-timeline").get_by_text("협약 해지").wait_for()
        check_page(page, mobile=mobile)
        page.goto(f"/programs/calls/{call['id']}/applications")
        promoted = page.get_by_role("row").filter(has_text=company["라"])
        promoted.filter(has_text="선정").wait_for()
        page.goto("/programs/projects/prj-" + apps["라"].removeprefix("app-"))
        page.get_by_text("후순위에서 선정").wait_for()
        check_page(page, mobile=mobile)

        page.goto("/programs/audit")
        heading(page, "감사 기록")
        page.get_by_label("대상 종류").select_option("project")
        page.get_by_label("대상", exact=True).select_option(project)
        page.get_by_role("table", name="감사 기록").get_by_text("project.cancelled").wait_for()
        check_page(page, mobile=mobile)
        page.goto("/programs/outbox")
        page.get_by_role("cell", name="application.promoted").first.wait_for()
        check_page(page, mobile=mobile)


def test_staff_create_a_call_from_the_template_and_correct_its_rubric_live(browser: Any, world: World) -> None:
    email, password = world.live.logins["staff"]
    with browser_page(browser, world.live.url) as page:
        sign_in(page, email, password, "/programs/calls/new")
        heading(page, "새 공고 만들기")
        page.get_by_label("공고명 (한국어)").fill(f"2026년 공고 {world.tag}")
        # the platform's clock may stand past the browser's after earlier tests: dates from the platform's clock
        seoul = timezone(timedelta(hours=9))
        page.get_by_label(re.compile("^접수 시작")).fill(world.clock.now().astimezone(seoul).strftime("%Y-%m-%dT%H:%M"))
        closes = (world.clock.now() + timedelta(days=20)).astimezone(seoul).strftime("%Y-%m-%dT18:00")
        page.get_by_label(re.compile("^접수 마감")).fill(closes)
        page.get_by_role("button", name="작성 중 공고 만들기").click()
        heading(page, re.compile(f"2026년 공고 {world.tag}"))
        problem = "'사업계획 적합성'의 세부 항목 합계가 35점으로 영역 배점 40점과 다릅니다."
        page.get_by_text(problem).wait_for()  # the printed rubric's flaw is shown, not hidden
        check_page(page)

        page.get_by_role("navigation", name="공고 메뉴").get_by_role("link", name="개요").click()
        page.get_by_role("button", name="공고 게시").click()
        page.get_by_role("dialog", name="공고를 게시할까요?").get_by_role("button", name="공고 게시").click()
        refusal = page.get_by_role("alert").filter(has_text="공고를 게시하지 못했습니다")
        refusal.wait_for()
        assert "배점 합계가 맞지 않습니다" in refusal.inner_text()

        page.get_by_role("navigation", name="공고 메뉴").get_by_role("link", name="평가표").click()
        creative = page.get_by_role("textbox", name=re.compile("^사업 수행을 위한 창의적"))
        creative.fill("10")
        page.get_by_text("배점 합계가 모두 맞습니다.").wait_for()  # live, before saving
        assert page.get_by_text(problem).count() == 0
        page.get_by_label(re.compile("정정 사유")).fill("세부 항목 합계 35점을 영역 배점 40점에 맞춤")
        page.get_by_role("button", name="평가표 저장").click()
        page.get_by_text("평가표를 저장했습니다.").wait_for()
        page.get_by_text("정정 전 문제 1건, 정정 후 0건").wait_for()
        check_page(page)

        page.get_by_role("navigation", name="공고 메뉴").get_by_role("link", name="개요").click()
        page.get_by_role("button", name="공고 게시").click()
        page.get_by_role("dialog", name="공고를 게시할까요?").get_by_role("button", name="공고 게시").click()
        page.locator(".facts").get_by_text("모집 중").wait_for()
