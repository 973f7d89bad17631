"""The evaluator's journey in Chromium: the conflict-of-interest declaration before anything of the application,
the score sheet with bounds and running sums, autosave, submit and lock, documents opened in the browser's
viewer; another evaluator's scores are never on the page; declaring a conflict takes the application away.
A submission confirmed while an autosave is still on its way is made after it. On a desktop screen and a
390 × 844 phone, against a live server whose clock the test moves."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.e2e.program_ui import browser_page, check_page, heading, sign_in
from tests.e2e.program_world import ITEMS, PASSWORD, SHEETS, World, score, still_platform_fixture, world_fixture

__all__ = ["still_platform_fixture", "world_fixture"]  # the helper's fixtures, offered to these tests

SECRET = "다른 위원만 아는 평가 의견 7431"


def _round(world: World) -> dict[str, Any]:
    call = world.call("평가 여정")
    first, _, _ = world.apply(call["id"], "평가대상가")
    second, _, _ = world.apply(call["id"], "평가대상나")
    world.close_and_pass_review(call, [first, second])
    evaluators = [world.person("evaluator", name) for name in ("ui", "other", "third")]
    world.assign_panel(call["id"], [first, second], evaluators)
    score(evaluators[1], first, 85, comments=SECRET)  # another evaluator submitted first
    return {"first": first, "second": second, "me": evaluators[0]}


def _no_one_elses_scores(page: Any) -> None:
    assert SECRET not in page.evaluate("() => document.body.innerText")


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_evaluator_declares_no_conflict_scores_and_submits_and_never_sees_anothers_scores(
        browser: Any, world: World, viewport: str) -> None:
    state = _round(world)
    me, first, second = state["me"], state["first"], state["second"]
    mobile = viewport == "mobile"
    with browser_page(browser, world.live.url, viewport) as page:
        sign_in(page, me.email, PASSWORD, "/evaluations")
        heading(page, "평가 배정")
        rows = page.locator("table tbody tr")
        rows.first.wait_for()
        assert rows.count() == 2 and page.get_by_text("확인 전").count() == 2
        check_page(page, mobile=mobile)

        page.get_by_role("link", name="평가대상가 공정 데이터 활용").click()
        heading(page, "평가대상가 공정 데이터 활용")
        heading(page, "이해충돌 여부 확인", level=2)
        assert page.get_by_role("heading", name="평가표").count() == 0  # nothing of the application before
        assert page.get_by_role("heading", name="신청 내용").count() == 0
        _no_one_elses_scores(page)
        check_page(page, mobile=mobile)
        page.locator("label", has_text="이해충돌 없음").click()
        page.get_by_role("button", name="제출", exact=True).click()
        dialog = page.get_by_role("dialog", name="이해충돌이 없다고 확인할까요?")
        dialog.get_by_role("button", name="제출").click()

        heading(page, "평가표", level=2)
        assert all(page.locator(f"#score-sheet-items-{item}").input_value() == "" for item in ITEMS)
        _no_one_elses_scores(page)
        page.locator("#score-sheet-items-adopter_commitment").fill("16")  # above the item's 15
        page.locator("#score-sheet-items-existing_systems_fit").fill("13")
        page.get_by_role("button", name="평가표 제출").click()
        summary = page.locator(".error-summary")
        summary.wait_for()
        assert "지원기업의 사업 추진(참여) 의지" in summary.inner_text()
        page.locator("#score-sheet-items-adopter_commitment").fill("14")
        page.get_by_text("소계 27 / 30점").wait_for()  # running category sum
        page.locator(".score-total", has_text="합계 27 / 100점").wait_for()  # running total
        page.get_by_role("status").filter(has_text="임시저장했습니다").wait_for()  # autosave
        page.reload()
        heading(page, "평가표", level=2)
        assert page.locator("#score-sheet-items-adopter_commitment").input_value() == "14"

        for item, points in zip(ITEMS, SHEETS[90], strict=True):
            page.locator(f"#score-sheet-items-{item}").fill(str(points))
        page.locator("#score-sheet-comments").fill("추진 의지가 분명하고 계획이 구체적임")
        page.locator(".score-total", has_text="합계 90 / 100점").wait_for()
        check_page(page, mobile=mobile)
        page.get_by_role("button", name="평가표 제출").click()
        confirm = page.get_by_role("dialog", name="평가표를 제출할까요?")
        assert "합계 90 / 100점" in confirm.inner_text()
        confirm.get_by_role("button", name="평가표 제출").click()
        page.get_by_text("평가표를 제출했습니다.").wait_for()
        assert page.locator("#score-sheet-items-adopter_commitment").count() == 0  # locked
        assert "90 / 100점" in page.get_by_role("table", name="내 평가 점수").inner_text()
        _no_one_elses_scores(page)

        documents = page.get_by_role("table", name="제출 서류")
        documents.wait_for()
        with page.expect_popup() as opened:
            documents.get_by_role("button", name=re.compile("^보기 application_form.pdf")).click()
        opened.value.wait_for_url(re.compile("^blob:"))  # shown inline by the browser's own PDF viewer
        opened.value.close()
        check_page(page, mobile=mobile)

        page.goto("/evaluations")
        page.get_by_role("link", name="평가대상나 공정 데이터 활용").click()
        heading(page, "이해충돌 여부 확인", level=2)
        page.locator("label", has_text="이해충돌 있음").click()
        page.get_by_label("관계 설명").fill("최근 2년간 해당 기업의 자문 수행")
        page.get_by_role("button", name="제출", exact=True).click()
        page.get_by_role("dialog", name="이해충돌을 신고할까요?").get_by_role("button", name="제출").click()
        page.get_by_text("평가에서 제외(회피)되었습니다").wait_for()
        heading(page, "평가 배정")
        page.get_by_role("link", name="평가대상가 공정 데이터 활용").wait_for()  # the list as the server has it now
        assert page.get_by_role("link", name="평가대상나 공정 데이터 활용").count() == 0
        check_page(page, mobile=mobile)

    assigned = {row["application"] for row in me.call("GET", "/evaluations")["items"]}
    assert assigned == {first}  # the recused application is gone
    mine = me.call("GET", f"/evaluations/{first}")["sheet"]
    assert (mine["status"], mine["email"], float(mine["total"])) == ("submitted", me.email, 90)
    me.call("GET", f"/evaluations/{second}", expect=(404, 409))


def test_a_sheet_confirmed_while_its_autosave_is_on_the_way_is_submitted_after_it(browser: Any, world: World) -> None:
    """Autosave sends the draft a moment after the last change, so an evaluator who confirms quickly does so while
    it is on its way. The submission waits for the draft and is then made; it is not dropped with the dialog
    left open, and the two never race for the same sheet."""
    call = world.call("저장 중 제출")
    (app, _, _) = world.apply(call["id"], "평가대상다")
    world.close_and_pass_review(call, [app])
    evaluators = [world.person("evaluator", name) for name in ("quick", "second", "third")]
    world.assign_panel(call["id"], [app], evaluators)
    me = evaluators[0]
    me.call("POST", f"/evaluations/{app}/declaration", {"conflict": False, "note": ""})
    drafts: list[Any] = []  # draft saves, held until the test lets them through
    submissions: list[str] = []

    def hold_drafts(route: Any) -> None:
        if route.request.method == "PUT" and not json.loads(route.request.post_data or "{}").get("submit"):
            drafts.append(route)
            return
        if route.request.method == "PUT":
            submissions.append(route.request.url)
        route.continue_()

    with browser_page(browser, world.live.url) as page:
        page.route("**/evaluations/*/sheet", hold_drafts)
        sign_in(page, me.email, PASSWORD, f"/evaluations/{app}")
        heading(page, "평가표", level=2)
        for item, points in zip(ITEMS, SHEETS[80], strict=True):
            page.locator(f"#score-sheet-items-{item}").fill(str(points))
        page.get_by_role("button", name="평가표 제출").click()
        confirm = page.get_by_role("dialog", name="평가표를 제출할까요?")
        confirm.wait_for()
        for _ in range(100):  # the autosave goes out 1.5 s after the last change, with the dialog open
            if drafts:
                break
            page.wait_for_timeout(100)
        assert drafts, "no autosave was sent within 10 s of the last change"
        confirm.get_by_role("button", name="평가표 제출").click()
        page.wait_for_timeout(500)
        assert submissions == []  # waiting for the draft, not racing it
        drafts[0].continue_()
        page.get_by_text("평가표를 제출했습니다.").wait_for()
        assert len(submissions) == 1

    sheet = me.call("GET", f"/evaluations/{app}")["sheet"]
    assert (sheet["status"], float(sheet["total"])) == ("submitted", 80)
