"""A whole selection round and its projects through the HTTP API, on the local profile, with a clock the test
moves: a call with 7 applications -> requirements review (one request for more information) -> document
screening (R-REV-2) -> 5 evaluators, one recusal -> a tie on the total broken by the bonus (R-SEL-4) -> 3
selected and a reserve list (R-SEL-3/5) -> one selected company misses the 14-day payment window and the first
reserve is promoted (R-PAY-2) -> a plan change approved, a late one refused (R-AGR-3) -> final report ->
"supplement" -> success -> the 5-year obligation (R-OBL-3); another project fails and a clawback opens
(R-CLW-3). The notifications and the audit log tell the same story."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mdap.domain.program.brn import check_digit
from mdap.domain.program.calendar import add_months, kst_date
from mdap.domain.program.rubric import corrected_2022
from tests.e2e.program_api import (
    ADOPTER_DOCUMENTS,
    ADOPTER_FACTS,
    CONSENTS,
    SUPPLIER_DOCUMENTS,
    SUPPLIER_FACTS,
    Person,
    approval,
    decide,
    wait_for,
)
from tests.live import LiveServer, StillClock, live_platform

PASSWORD = "round-password-2026"
START = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
ITEMS = ("adopter_commitment", "existing_systems_fit", "supplier_technology_fit", "consulting_method",
         "staffing_expertise", "plan_feasibility", "training_consulting", "budget_appropriateness", "creative_strategy")
# base score -> the points of every sheet (adopter fit first): 90, 85, 80 (+5 bonus = 85), 78, 72, 60
SHEETS = {90: (14, 13, 9, 9, 9, 9, 9, 9, 9), 85: (13, 13, 8, 8, 9, 9, 8, 8, 9), 80: (12, 12, 8, 8, 8, 8, 8, 8, 8),
          78: (12, 12, 8, 8, 8, 8, 8, 7, 7), 72: (11, 11, 7, 7, 8, 7, 7, 7, 7), 60: (9, 9, 6, 6, 6, 6, 6, 6, 6)}
BASE = {1: 90, 2: 80, 3: 85, 4: 78, 5: 72, 6: 60}  # application number -> base score; 7 is screened out


def brn(number: int) -> str:
    first = f"{number:03d}81{number * 7919 % 100000:05d}"[:9]
    return f"{first[:3]}-{first[3:5]}-{first[5:]}{check_digit(first)}"


@dataclass
class Round:
    live: LiveServer
    clock: StillClock
    staff: Person
    call: dict[str, Any]
    adopters: dict[int, Person]
    suppliers: dict[int, Person]
    apps: dict[int, str]
    evaluators: list[Person]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Round]:
    clock = StillClock(START)
    with live_platform(tmp_path_factory.mktemp("round"), clock=clock, login_attempts_per_address_15min=1000) as live:
        identity = live.platform.container.identity
        people: dict[str, Person] = {}
        for role, count in (("applicant", 14), ("evaluator", 5)):
            for n in range(1, count + 1):
                email = f"{role[0]}{n}@round.kr"
                identity.create_user(email, f"{role} {n}", [role], PASSWORD)  # type: ignore[attr-defined]
                people[email] = Person(live.url, email, PASSWORD).log_in()
        staff = Person(live.url, *live.logins["staff"]).log_in()
        yield Round(live, clock, staff, {}, {n: people[f"a{n}@round.kr"] for n in range(1, 8)},
                    {n: people[f"a{n + 7}@round.kr"] for n in range(1, 8)}, {},
                    [people[f"e{n}@round.kr"] for n in range(1, 6)])


def test_1_the_printed_rubric_must_be_corrected_before_the_call_opens(world: Round) -> None:
    """OP-2 / R-SEL-2: the call's own rubric adds up to 95; opening on it is refused, the correction recorded."""
    now = world.clock.now()
    call = world.staff.call("POST", "/calls", {"title_ko": "2022년 제조데이터 활성화 지원사업", "places": 3,
                                               "opens_at": now.isoformat(),
                                               "closes_at": (now + timedelta(days=10)).isoformat()})
    assert call["rubric_problems"] == ["category plan_fit: items add up to 35, the category says 40"]
    refused = world.staff.call("POST", f"/calls/{call['id']}/open", expect=422)
    assert refused["code"] == "rubric_invalid"
    rubric, note = corrected_2022()
    call = world.staff.call("PUT", f"/calls/{call['id']}/rubric", {"rubric": rubric.as_json(), "note": note})
    assert call["rubric_problems"] == [] and call["corrections"][0]["note"] == note
    world.call.update(world.staff.call("POST", f"/calls/{call['id']}/open"))
    assert world.call["status"] == "open"


def _apply(world: Round, n: int) -> str:
    adopter, supplier = world.adopters[n], world.suppliers[n]
    app = adopter.call("POST", "/applications", {"call_id": world.call["id"], "kind": "single",
                                                 "adopter_name": f"도입기업 {n}", "adopter_brn": brn(n)})
    app_id = app["id"]
    adopter.call("POST", f"/applications/{app_id}/members", {"role": "supplier", "name": f"공급기업 {n}",
                                                             "brn": brn(100 + n), "email": supplier.email})
    supplier.call("POST", f"/applications/{app_id}/accept")
    bonus = {"bonus_program": "level_confirmation"} if n == 2 else {}
    adopter.call("PUT", f"/applications/{app_id}/sections/adopter", {
        "section": {**ADOPTER_FACTS, **bonus, "title": f"사출 공정 데이터 활용 {n}"}, "completed": True})
    supplier.call("PUT", f"/applications/{app_id}/sections/supplier", {
        "section": SUPPLIER_FACTS, "qualifications": ["solution", "consulting"], "completed": True})
    for kind in ADOPTER_DOCUMENTS + (("bonus_certificate",) if n == 2 else ()):
        adopter.upload(app_id, kind)
    for kind in SUPPLIER_DOCUMENTS:
        supplier.upload(app_id, kind)
    adopter.call("PUT", f"/applications/{app_id}/consent", {"consents": CONSENTS, "text_version": "2022-12-v1"})
    submitted = adopter.call("POST", f"/applications/{app_id}/submit")
    assert (submitted["status"], submitted["status_label"]) == ("submitted", "신청접수")
    return str(app_id)


def test_2_seven_companies_apply_and_the_supplier_cannot_submit(world: Round) -> None:
    first = world.adopters[1].call("POST", "/applications", {"call_id": world.call["id"], "kind": "single",
                                                             "adopter_name": "도입기업 1", "adopter_brn": brn(1)})
    world.adopters[1].call("POST", f"/applications/{first['id']}/withdraw")
    for n in range(1, 8):
        world.apps[n] = _apply(world, n)
    refused = world.suppliers[3].call("POST", f"/applications/{world.apps[3]}/submit", expect=(403, 409))
    assert refused["code"] in ("forbidden", "illegal_transition")
    other = world.adopters[4].call("GET", f"/applications/{world.apps[3]}", expect=404)  # another company's
    assert other["code"] == "not_found"


def _pass_every_item(world: Round, app_id: str) -> None:
    checklist = world.staff.call("GET", f"/applications/{app_id}/review")
    for result in [*checklist["results"], *([checklist["bonus"]] if checklist.get("bonus") else [])]:
        if result["status"] == "needs_judgement":
            world.staff.call("POST", f"/applications/{app_id}/review/decisions", {
                "key": f"{result['id']}/{result['party']}", "status": "passed", "reason": "증빙 확인"})


def test_3_requirements_review_with_a_request_for_more_information(world: Round) -> None:
    world.clock.advance(timedelta(days=10, hours=1))  # past the deadline: the round closes itself
    late = world.adopters[1].call("POST", "/applications", {"call_id": world.call["id"], "kind": "single",
                                                            "adopter_name": "도입기업 1", "adopter_brn": brn(1)},
                                  expect=409)
    assert late["code"] in ("illegal_transition", "deadline_passed")
    for n, app_id in world.apps.items():
        approval(world.staff, "requirements_review", application=app_id)
        if n == 5:
            decide(world.staff, "requirements_review", {"outcome": "more_info", "reason": "공장등록증 갱신본 제출"},
                   application=app_id)
            continue
        refused_early = world.staff.call(
            "POST", f"/approvals/{approval(world.staff, 'requirements_review', application=app_id)['id']}/decision",
            {"outcome": "eligible"}, expect=422) if n == 1 else None
        assert refused_early is None or refused_early["rule"] == "R-REV-1"
        _pass_every_item(world, app_id)
        decide(world.staff, "requirements_review", {"outcome": "eligible"}, application=app_id)
    asked = wait_for("more-info status", lambda: world.adopters[5].call("GET", f"/applications/{world.apps[5]}")
                     if world.adopters[5].call("GET", f"/applications/{world.apps[5]}")["status"] == "info_requested"
                     else None)
    assert asked["status_label"] == "보완요청"
    world.adopters[5].call("POST", f"/applications/{world.apps[5]}/answer", {"message": "갱신본을 올렸습니다."})
    approval(world.staff, "requirements_review", application=world.apps[5])
    _pass_every_item(world, world.apps[5])
    decide(world.staff, "requirements_review", {"outcome": "eligible"}, application=world.apps[5])


def test_4_screening_panel_recusal_and_scoring(world: Round) -> None:
    call_id = world.call["id"]
    decide(world.staff, "document_screening", {"advance": [world.apps[n] for n in range(1, 7)]}, call=call_id)
    refused = world.staff.call("POST", f"/approvals/{approval(world.staff, 'panel_assignment', call=call_id)['id']}"
                                       "/decision", {}, expect=422)
    assert refused["rule"] == "R-SEL-1"
    world.staff.call("PUT", f"/calls/{call_id}/panel", {"evaluators": [e.email for e in world.evaluators],
                                                        "chair": world.evaluators[0].email})
    decide(world.staff, "panel_assignment", {}, call=call_id)
    wait_for("scoring open", lambda: len(world.evaluators[0].call("GET", "/evaluations")["items"]) == 6)
    for evaluator in world.evaluators:
        for n in range(1, 7):
            conflict = evaluator is world.evaluators[4] and n == 1
            evaluator.call("POST", f"/evaluations/{world.apps[n]}/declaration", {"conflict": conflict,
                                                                                 "note": "전 직장" if conflict else ""})
    assert world.apps[1] not in {a["application"] for a in world.evaluators[4].call("GET", "/evaluations")["items"]}
    world.evaluators[4].call("GET", f"/evaluations/{world.apps[1]}", expect=(404, 409))
    out_of_bounds = dict(zip(ITEMS, SHEETS[90], strict=True)) | {"adopter_commitment": 16}
    bad = world.evaluators[0].call("PUT", f"/evaluations/{world.apps[1]}/sheet",
                                   {"items": out_of_bounds, "submit": True}, expect=400)
    assert bad["code"] == "score_sheet_invalid"
    for n in range(1, 7):
        for evaluator in world.evaluators:
            if evaluator is world.evaluators[4] and n == 1:
                continue
            # others have submitted for this application already: none of it shows before one's own sheet
            assert evaluator.call("GET", f"/evaluations/{world.apps[n]}")["sheet"] is None
            points = dict(zip(ITEMS, SHEETS[BASE[n]], strict=True))
            draft = evaluator.call("PUT", f"/evaluations/{world.apps[n]}/sheet", {"items": points, "comments": "초안"})
            assert draft["status"] == "draft"
            evaluator.call("PUT", f"/evaluations/{world.apps[n]}/sheet", {"items": points, "submit": True})
    locked = world.evaluators[0].call("PUT", f"/evaluations/{world.apps[2]}/sheet",
                                      {"items": dict(zip(ITEMS, SHEETS[90], strict=True)), "submit": True}, expect=409)
    assert locked["code"] == "illegal_transition"


def test_5_ranking_breaks_the_tie_by_the_bonus_and_keeps_a_reserve_list(world: Round) -> None:
    call_id = world.call["id"]
    approval(world.staff, "ranking_confirmation", call=call_id)
    board = {row["id"]: row for row in world.staff.call("GET", f"/calls/{call_id}/ranking")["ranking"]}
    two, three = board[world.apps[2]], board[world.apps[3]]
    assert (two["total"], three["total"]) == (85, 85) and (two["bonus"], three["bonus"]) == (5, 0)
    assert (two["rank"], three["rank"]) == (2, 3)  # R-SEL-4: the bonus holder first
    assert board[world.apps[1]]["base"] == 90  # four sheets: the recused evaluator's is not there
    decide(world.staff, "ranking_confirmation", {}, call=call_id)
    statuses = wait_for("published", lambda: _published(_statuses(world)))  # every application, not the first
    assert statuses == {1: "selected", 2: "selected", 3: "selected", 4: "reserve", 5: "reserve",
                        6: "not_selected", 7: "screened_out"}
    reserve = world.adopters[4].call("GET", f"/applications/{world.apps[4]}")
    assert (reserve["status_label"], reserve["reserve_position"]) == ("후순위", 1)


def _published(statuses: dict[int, str]) -> dict[int, str] | None:
    """The statuses once the result is published for every application (it is written one by one)."""
    return None if "evaluation" in statuses.values() else statuses


def _statuses(world: Round) -> dict[int, str]:
    return {n: world.staff.call("GET", f"/applications/{app_id}")["status"] for n, app_id in world.apps.items()}


def _project(world: Round, n: int) -> str:
    return "prj-" + world.apps[n].removeprefix("app-")


def _sign(world: Round, n: int) -> None:
    project_id = _project(world, n)
    decide(world.staff, "cost_audit", {"audited_budget": 100_000_000}, project=project_id)
    decide(world.staff, "agreement", {"signed_on": world.clock.now().date().isoformat()}, project=project_id)


def test_6_a_missed_payment_window_promotes_the_first_reserve(world: Round) -> None:
    for n in (1, 2, 3):
        _sign(world, n)
    p2 = world.staff.call("GET", f"/projects/{_project(world, 2)}")
    assert p2["grant"]["city_share"] == 80_000_000 and p2["grant"]["adopter_total"] == 30_000_000  # R-PRG-1
    for n in (2, 3):
        docs = [world.adopters[n].upload(world.apps[n], kind)["id"]
                for kind in ("payment_request", "bank_account", "guarantee_insurance")]
        wait_for("payment window", lambda n=n: world.adopters[n].call(
            "GET", f"/projects/{_project(world, n)}")["status"] == "payment_window")
        world.adopters[n].call("POST", f"/projects/{_project(world, n)}/payment-request", {"documents": docs})
        decide(world.staff, "payment", {"paid_on": world.clock.now().date().isoformat()}, project=_project(world, n))
    world.clock.advance(timedelta(days=15))  # company 1 never asks for its grant
    promoted = wait_for("promotion", lambda: _statuses(world)[4] == "selected")
    assert promoted
    assert world.staff.call("GET", f"/projects/{_project(world, 1)}")["status"] == "cancelled"
    assert _statuses(world)[1] == "cancelled"
    approval(world.staff, "cost_audit", project=_project(world, 4))  # the promoted company's project started


def test_7_plan_changes_are_approved_until_the_cutoff(world: Round) -> None:
    project_id = _project(world, 2)
    wait_for("term", lambda: world.staff.call("GET", f"/projects/{project_id}")["status"] == "in_progress")
    change = world.adopters[2].call("POST", f"/projects/{project_id}/plan-changes",
                                    {"summary": "센서 2종 추가", "extension_months": 0})
    decide(world.staff, "plan_change", {"approved": True, "reason": "타당"}, project=project_id)
    wait_for("plan change decided", lambda: world.staff.call("GET", f"/projects/{project_id}")["plan_changes"][0]
             ["status"] == "approved")
    assert change["id"] == "chg-1"
    cutoff = world.staff.call("GET", f"/projects/{project_id}")["calendar"]["plan_change_cutoff"]
    world.clock.set(datetime.fromisoformat(cutoff + "T15:00:00+00:00") + timedelta(days=1))
    late = world.adopters[2].call("POST", f"/projects/{project_id}/plan-changes",
                                  {"summary": "일정 변경", "extension_months": 1}, expect=409)
    assert (late["code"], late["rule"]) == ("deadline_passed", "R-AGR-3")


def _report(world: Round, n: int, step: str) -> None:
    """The adopter hands in a report once the project's workflow waits for it (422 until then)."""
    document = world.adopters[n].upload(world.apps[n], "final_report")["id"]
    submitted = wait_for(f"the {step} step", lambda: world.adopters[n].call(
        "POST", f"/projects/{_project(world, n)}/{step}", {"document": document}, expect=(200, 422)).get("id"))
    assert submitted == _project(world, n)


def test_8_supplement_then_success_records_the_obligation(world: Round) -> None:
    project_id = _project(world, 2)
    _report(world, 2, "final-report")
    decide(world.staff, "final_evaluation", {"verdict": "supplement", "reason": "분석 보고서 보완"}, project=project_id)
    wait_for("supplement", lambda: world.staff.call("GET", f"/projects/{project_id}")["status"] == "supplement")
    _report(world, 2, "supplement")
    decide(world.staff, "final_evaluation", {"verdict": "success"}, project=project_id)
    decide(world.staff, "report_meeting", {"held_on": world.clock.now().date().isoformat()}, project=project_id)
    wait_for("obligation", lambda: world.staff.call("GET", f"/projects/{project_id}")["status"] == "obligation")
    project = world.staff.call("GET", f"/projects/{project_id}")
    success = kst_date(world.clock.now())  # R-OBL-3: 5 years from the success verdict, by the term convention
    assert project["obligation_until"] == (add_months(success, 60) - timedelta(days=1)).isoformat()
    assert project["verdicts"][0]["verdict"] == "supplement" and project["verdicts"][1]["verdict"] == "success"


def test_9_a_failed_project_opens_a_clawback(world: Round) -> None:
    project_id = _project(world, 3)
    _report(world, 3, "final-report")
    decide(world.staff, "final_evaluation", {"verdict": "fail", "reason": "목표 미달"}, project=project_id)
    cases = wait_for("clawback", lambda: world.staff.call("GET", "/clawbacks")["items"])
    assert [(c["project"], c["rule"], c["amount"]) for c in cases] == [(project_id, "R-CLW-3", 80_000_000)]
    approval(world.staff, "repayment", clawback=cases[0]["id"])


def test_10_notifications_and_the_audit_log_tell_the_same_story(world: Round) -> None:
    sent = world.staff.call("GET", "/notifications?limit=100")["items"]
    cursor = world.staff.call("GET", "/notifications?limit=100").get("cursor")
    while cursor:
        page = world.staff.call("GET", f"/notifications?limit=100&cursor={cursor}")
        sent += page["items"]
        cursor = page.get("cursor")
    told = {(n["kind"], n["refs"].get("project") or n["refs"].get("application")) for n in sent}
    story = {
        ("application.screened_out", world.apps[7]): ("application", world.apps[7], "application.screened_out"),
        ("application.selected", world.apps[2]): ("application", world.apps[2], "application.selected"),
        ("application.reserve", world.apps[5]): ("application", world.apps[5], "application.reserve"),
        ("application.promoted", world.apps[4]): ("application", world.apps[4], "application.selected"),
        ("project.cancelled", _project(world, 1)): ("project", _project(world, 1), "project.cancelled"),
        ("project.supplement", _project(world, 2)): ("project", _project(world, 2),
                                                     "project.final_evaluation_supplement"),
        ("project.success", _project(world, 2)): ("project", _project(world, 2), "project.obligation_started"),
        ("project.failed", _project(world, 3)): ("project", _project(world, 3), "project.final_evaluation_fail"),
        ("clawback.opened", _project(world, 3)): ("project", _project(world, 3), "clawback.opened"),
    }
    for notice, (scope, ref, action) in story.items():
        assert notice in told, notice
        audit = world.staff.call("GET", f"/{scope}s/{ref}/audit?limit=100")["items"]
        assert action in {entry["action"] for entry in audit}, (scope, ref, action)
    mine = world.adopters[7].call("GET", "/notifications")["items"]
    assert mine and all(world.adopters[7].email in n["to"] for n in mine)  # applicants see their own only
