"""Every page of the program areas, as each role sees it with real data, in Korean and in English, and on a
390 px phone: axe-core (WCAG 2.x A/AA) finds nothing, no text is left untranslated, nothing scrolls sideways,
and no page of the navigation says "준비 중" (the data side's monitoring included)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest

from tests.e2e.program_api import PDF, Person, approval, decide, wait_for
from tests.e2e.program_ui import browser_page, check_page, sign_in
from tests.e2e.program_world import PASSWORD, World, new_brn, score, still_platform_fixture
from tests.live import LiveServer, StillClock

__all__ = ["still_platform_fixture"]  # the helper's fixture, offered to these tests

SITE = {"ko": "제조데이터 활성화 플랫폼", "en": "Manufacturing Data Activation Platform"}
BROKEN = re.compile(r"^(오류|Error|페이지를 찾을 수 없음|Page not found|접근 권한 없음|Access denied)$")


def _pay(world: World, adopter: Person, app_id: str, project: str) -> None:
    decide(world.staff, "cost_audit", {"audited_budget": 100_000_000}, project=project)
    decide(world.staff, "agreement", {"signed_on": world.clock.now().date().isoformat()}, project=project)
    kinds = ("payment_request", "bank_account", "guarantee_insurance")
    documents = [adopter.upload(app_id, kind)["id"] for kind in kinds]
    wait_for("payment window", lambda: adopter.call("GET", f"/projects/{project}")["status"] == "payment_window")
    adopter.call("POST", f"/projects/{project}/payment-request", {"documents": documents})
    decide(world.staff, "payment", {"paid_on": world.clock.now().date().isoformat()}, project=project)
    wait_for("term", lambda: world.staff.call("GET", f"/projects/{project}")["status"] == "in_progress")


@pytest.fixture(scope="module")
def pages(still_platform: tuple[LiveServer, StillClock]) -> Iterator[dict[str, Any]]:
    """A platform with something on every page: a decided round with projects in several steps and a clawback,
    a round in evaluation, a draft application, a draft call."""
    live, clock = still_platform
    world = World(live, clock, Person(live.url, *live.logins["staff"]).log_in())
    call = world.call("전 화면 점검")
    people: dict[str, Person] = {}
    apps: dict[str, str] = {}
    for label in ("가", "나", "다", "라"):
        apps[label], people[label], _ = world.apply(call["id"], f"점검{label}", bonus=label == "나")
    world.close_and_pass_review(call, list(apps.values()))
    panel = [world.person("evaluator", f"panel{n}") for n in range(3)]
    world.assign_panel(call["id"], list(apps.values()), panel)
    for evaluator in panel:
        for label, base in (("가", 90), ("나", 80), ("다", 85), ("라", 72)):
            score(evaluator, apps[label], base, comments="근거 있음")
    decide(world.staff, "ranking_confirmation", {}, call=call["id"])
    projects = {label: "prj-" + apps[label].removeprefix("app-") for label in apps}
    wait_for("projects", lambda: approval(world.staff, "cost_audit", project=projects["다"]))
    decide(world.staff, "cost_audit", {"audited_budget": 90_000_000}, project=projects["가"])
    decide(world.staff, "agreement", {"signed_on": clock.now().date().isoformat()}, project=projects["가"])
    _pay(world, people["나"], apps["나"], projects["나"])
    world.staff.call("POST", f"/projects/{projects['나']}/clawback", {"trigger": "abandoned", "reason": "과제 포기"})
    people["나"].call("GET", f"/projects/{projects['나']}")

    second = world.call("평가 화면 점검")
    scoring, _, _ = world.apply(second["id"], "점검마")
    world.close_and_pass_review(second, [scoring])
    undeclared, drafting, third = (world.person("evaluator", name) for name in ("undeclared", "drafting", "third"))
    world.assign_panel(second["id"], [scoring], [undeclared, drafting, third])
    drafting.call("POST", f"/evaluations/{scoring}/declaration", {"conflict": False, "note": ""})
    drafting.call("PUT", f"/evaluations/{scoring}/sheet", {"items": {"adopter_commitment": 12}, "comments": "초안"})

    open_call = next(c for c in world.staff.call("GET", "/calls")["items"] if c["status"] == "open"
                     and "모집 중" in c["title_ko"])
    drafter = world.person("applicant", "drafter")
    draft = drafter.call("POST", "/applications", {"call_id": open_call["id"], "kind": "consortium",
                                                   "adopter_name": "작성중(주)", "adopter_brn": new_brn()})
    drafter.call("POST", f"/applications/{draft['id']}/members", {"role": "solution_company", "name": "솔루션(주)",
                                                                 "brn": new_brn(), "email": "sol@pages.test.kr"})
    drafter.upload(draft["id"], "application_form")
    draft_call = world.staff.call("POST", "/calls", {"title_ko": "작성 중 점검 공고", "places": 3,
                                                     "opens_at": clock.now().isoformat(),
                                                     "closes_at": (clock.now() + timedelta(days=1)).isoformat()})
    pending = approval(world.staff, "cost_audit", project=projects["다"])
    assert PDF
    yield {"live": live, "people": people, "apps": apps, "projects": projects, "call": call, "second": second,
           "open_call": open_call, "draft": draft["id"], "drafter": drafter, "draft_call": draft_call["id"],
           "undeclared": undeclared, "drafting": drafting, "scoring": scoring, "panel": panel,
           "pending": pending["id"]}


def _routes(p: dict[str, Any]) -> list[tuple[Person | tuple[str, str], list[str]]]:
    live: LiveServer = p["live"]
    a, prj, call = p["apps"], p["projects"], p["call"]["id"]
    draft = f"/applications/{p['draft']}"
    return [
        (p["people"]["가"], ["/applications", f"/applications/{a['가']}", f"/applications/new/{p['open_call']['id']}"]),
        (p["people"]["나"], [f"/applications/{a['나']}"]),
        (p["drafter"], [f"{draft}?step={step}" for step in ("members", "section", "documents", "consent", "submit")]),
        (p["undeclared"], ["/evaluations", f"/evaluations/{p['scoring']}"]),
        (p["drafting"], [f"/evaluations/{p['scoring']}"]),
        (p["panel"][0], [f"/evaluations/{a['가']}"]),
        (live.logins["staff"], [
            "/", "/programs", "/programs/calls", "/programs/calls/new", f"/programs/calls/{call}",
            *(f"/programs/calls/{call}/{tab}" for tab in ("rubric", "applications", "panel", "ranking", "audit")),
            f"/programs/calls/{p['second']['id']}/panel", f"/programs/calls/{p['draft_call']}/rubric",
            f"/programs/calls/{p['draft_call']}", f"/programs/applications/{a['가']}",
            f"/programs/applications/{p['scoring']}", "/programs/approvals", f"/programs/approvals/{p['pending']}",
            "/programs/projects", f"/programs/projects/{prj['가']}", f"/programs/projects/{prj['나']}",
            "/programs/clawbacks", "/programs/audit", "/programs/outbox", "/monitoring"]),
        (live.logins["admin"], ["/admin/users", f"/admin/users/{quote(live.logins['staff'][0])}"]),
        (live.logins["factory"], ["/", "/monitoring"]),
    ]


@pytest.mark.parametrize(("lang", "viewport"), [("ko", "desktop"), ("en", "desktop"), ("ko", "mobile")])
def test_every_page_passes_axe_in_both_languages_and_fits_a_phone(browser: Any, pages: dict[str, Any], lang: str,
                                                                   viewport: str) -> None:
    live: LiveServer = pages["live"]
    visited = 0
    for who, paths in _routes(pages):
        email, password = (who.email, PASSWORD) if isinstance(who, Person) else who
        with browser_page(browser, live.url, viewport, lang) as page:
            sign_in(page, email, password, paths[0])
            for path in paths:
                page.goto(path)
                title = page.locator("main h1")
                title.wait_for()
                page.wait_for_load_state("networkidle")
                name = title.inner_text().strip()
                assert not BROKEN.match(name), f"{path} shows {name!r}"
                assert page.title().endswith(f" | {SITE[lang]}"), (path, page.title())
                assert page.evaluate("() => document.documentElement.lang") == lang
                pending_text = "준비 중" if lang == "ko" else "not available yet"
                assert pending_text not in page.locator("main").inner_text(), path  # every area is there
                check_page(page, mobile=viewport == "mobile")
                visited += 1
    assert visited == sum(len(paths) for _, paths in _routes(pages))
