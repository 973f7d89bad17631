"""A program round set up through the HTTP API on a live platform whose clock the test moves, so the browser
tests start where their journey begins (an evaluator with assigned applications, staff with a ranking to
confirm) instead of clicking through every earlier step."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mdap.api import deps
from mdap.domain.program.brn import check_digit
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

PASSWORD = "ui-journey-password-2026"
ITEMS = ("adopter_commitment", "existing_systems_fit", "supplier_technology_fit", "consulting_method",
         "staffing_expertise", "plan_feasibility", "training_consulting", "budget_appropriateness", "creative_strategy")
# base score -> the points of every sheet (adopter fit first); see tests/e2e/test_program_round.py
SHEETS = {90: (14, 13, 9, 9, 9, 9, 9, 9, 9), 85: (13, 13, 8, 8, 9, 9, 8, 8, 9), 80: (12, 12, 8, 8, 8, 8, 8, 8, 8),
          78: (12, 12, 8, 8, 8, 8, 8, 7, 7), 72: (11, 11, 7, 7, 8, 7, 7, 7, 7), 60: (9, 9, 6, 6, 6, 6, 6, 6, 6)}
_serial = iter(range(1, 100_000))


def new_brn() -> str:
    """A well-formed business registration number no other test uses."""
    number = next(_serial)
    first = f"{200 + number % 700:03d}{81 + number % 5:02d}{(number * 7919 + uuid.uuid4().int) % 10000:04d}"
    return f"{first[:3]}-{first[3:5]}-{first[5:]}{check_digit(first)}"


@dataclass
class World:
    live: LiveServer
    clock: StillClock
    staff: Person
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:6])

    def person(self, role: str, name: str) -> Person:
        email = f"{role}{next(_serial)}.{self.tag}@{role}.test.kr"  # mail addresses are ASCII; the name need not be
        self.live.platform.container.identity.create_user(email, f"{name} {self.tag}", [role], PASSWORD)  # type: ignore[attr-defined]
        return Person(self.live.url, email, PASSWORD).log_in()

    def call(self, title: str, places: int = 3, days: int = 10) -> dict[str, Any]:
        now = self.clock.now()
        created = self.staff.call("POST", "/calls", {"title_ko": f"{title} {self.tag}", "places": places,
                                                     "opens_at": now.isoformat(),
                                                     "closes_at": (now + timedelta(days=days)).isoformat()})
        rubric, note = corrected_2022()
        self.staff.call("PUT", f"/calls/{created['id']}/rubric", {"rubric": rubric.as_json(), "note": note})
        opened: dict[str, Any] = self.staff.call("POST", f"/calls/{created['id']}/open")
        return opened

    def apply(self, call_id: str, company: str, *, bonus: bool = False) -> tuple[str, Person, Person]:
        """A complete single-supplier application, submitted: (id, adopter's person, supplier's person)."""
        adopter, supplier = self.person("applicant", f"{company}-a"), self.person("applicant", f"{company}-s")
        app = adopter.call("POST", "/applications", {"call_id": call_id, "kind": "single", "adopter_name": company,
                                                     "adopter_brn": new_brn()})
        app_id = str(app["id"])
        adopter.call("POST", f"/applications/{app_id}/members", {"role": "supplier", "name": f"{company} 공급",
                                                                 "brn": new_brn(), "email": supplier.email})
        supplier.call("POST", f"/applications/{app_id}/accept")
        adopter.call("PUT", f"/applications/{app_id}/sections/adopter", {"section": {
            **ADOPTER_FACTS, **({"bonus_program": "level_confirmation"} if bonus else {}),
            "title": f"{company} 공정 데이터 활용"}, "completed": True})
        supplier.call("PUT", f"/applications/{app_id}/sections/supplier", {
            "section": SUPPLIER_FACTS, "qualifications": ["solution", "consulting"], "completed": True})
        for kind in ADOPTER_DOCUMENTS + (("bonus_certificate",) if bonus else ()):
            adopter.upload(app_id, kind)
        for kind in SUPPLIER_DOCUMENTS:
            supplier.upload(app_id, kind)
        adopter.call("PUT", f"/applications/{app_id}/consent", {"consents": CONSENTS, "text_version": "2022-12-v1"})
        adopter.call("POST", f"/applications/{app_id}/submit")
        return app_id, adopter, supplier

    def close_and_pass_review(self, call: dict[str, Any], app_ids: list[str]) -> None:
        """Past the deadline; every application passes the requirements review (judged items with reasons)."""
        self.clock.set(datetime.fromisoformat(call["closes_at"]) + timedelta(minutes=1))
        for app_id in app_ids:
            approval(self.staff, "requirements_review", application=app_id)
            checklist = self.staff.call("GET", f"/applications/{app_id}/review")
            for result in [*checklist["results"], *([checklist["bonus"]] if checklist.get("bonus") else [])]:
                if result["status"] == "needs_judgement":
                    self.staff.call("POST", f"/applications/{app_id}/review/decisions", {
                        "key": f"{result['id']}/{result['party']}", "status": "passed", "reason": "증빙 확인"})
            decide(self.staff, "requirements_review", {"outcome": "eligible"}, application=app_id)

    def assign_panel(self, call_id: str, app_ids: list[str], evaluators: list[Person]) -> None:
        """R-SEL-1: the panel assigned and confirmed; returns once scoring is open for every application."""
        approval(self.staff, "panel_assignment", call=call_id)
        self.staff.call("PUT", f"/calls/{call_id}/panel", {"evaluators": [e.email for e in evaluators],
                                                           "chair": evaluators[0].email})
        decide(self.staff, "panel_assignment", {}, call=call_id)
        for app_id in app_ids:
            wait_for(f"scoring of {app_id}",
                     lambda app_id=app_id: self.staff.call("GET", f"/applications/{app_id}")["status"] == "evaluation")


def score(evaluator: Person, app_id: str, base: int, comments: str = "") -> None:
    evaluator.call("POST", f"/evaluations/{app_id}/declaration", {"conflict": False, "note": ""})
    evaluator.call("PUT", f"/evaluations/{app_id}/sheet", {"items": dict(zip(ITEMS, SHEETS[base], strict=True)),
                                                           "comments": comments, "submit": True})


@pytest.fixture(scope="module", name="still_platform")
def still_platform_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, StillClock]]:
    """A live platform whose clock starts at the real time (so the browser's session timer agrees) and moves
    only when a test says so."""
    if not (Path(__file__).resolve().parents[2] / "frontend" / "dist" / "index.html").exists():
        pytest.fail("frontend/dist is missing: `make test` builds it (make install)")
    clock = StillClock(datetime.now(UTC).replace(microsecond=0))
    # The API and the task handlers of this process answer for one platform at a time (mdap.api.deps). A platform
    # already running (the session's) answers again once this module's is gone.
    previous = deps._container
    try:
        with live_platform(tmp_path_factory.mktemp("still"), clock=clock, login_attempts_per_address_15min=1000,
                           login_attempts_per_15min=100) as live:
            yield live, clock
    finally:
        if previous is not None:
            deps.set_container(previous)


@pytest.fixture(name="world")
def world_fixture(still_platform: tuple[LiveServer, StillClock]) -> World:
    live, clock = still_platform
    return World(live, clock, Person(live.url, *live.logins["staff"]).log_in())


@pytest.fixture(name="live_server")
def own_server_fixture(still_platform: tuple[LiveServer, StillClock]) -> LiveServer:
    """For a module that imports it: its own platform in place of the session's, so that two platforms never
    answer in this process at once (the session's starts after the program modules)."""
    return still_platform[0]
