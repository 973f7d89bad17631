"""Program rules that the end-to-end round does not walk through, each on the real services over SQLite and the
local workflow engine (a clock the test moves)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mdap.adapters.clock import ControllableClock
from mdap.api.deps import release_container, set_container
from mdap.bootstrap import Container, bootstrap
from mdap.domain.identity import Principal
from mdap.domain.program.application import ApplicationStatus
from mdap.domain.program.brn import check_digit
from mdap.domain.program.documents import UploadRefused
from mdap.domain.program.errors import DeadlinePassed, RuleViolation
from mdap.domain.program.rubric import corrected_2022
from mdap.localserver.demo_program import ADOPTER, CONSENTS, PDF, SUPPLIER
from mdap.program.services import program
from mdap.settings import load_settings

START = datetime(2027, 3, 2, 0, 0, tzinfo=UTC)
STAFF = Principal("staff-1", "staff@rules.kr", "담당자", frozenset({"staff"}))


def brn(n: int) -> str:
    first = f"{200 + n:03d}81{n * 37:04d}"
    return first + str(check_digit(first))


class World:
    def __init__(self, container: Container, clock: ControllableClock) -> None:
        self.c, self.clock, self.p = container, clock, program(container)
        self.people: dict[str, Principal] = {}

    def person(self, email: str) -> Principal:
        if email not in self.people:
            self.people[email] = self.c.identity.create_user(email, email, ["applicant"],  # type: ignore[attr-defined]
                                                             "rules-password-1")
        return self.people[email]

    def call(self, places: int = 3) -> dict[str, Any]:
        now = self.clock.now()
        call = self.p.calls.create(STAFF, title_ko="규칙 시험 공고", title_en="", opens_at=now,
                                   closes_at=now + timedelta(days=10), places=places)
        rubric, note = corrected_2022()
        self.p.calls.edit_rubric(STAFF, call["id"], rubric.as_json(), note)
        return self.p.calls.open(STAFF, call["id"])

    def draft(self, call_id: str, n: int, supplier_brn: str | None = None) -> dict[str, Any]:
        adopter, supplier = self.person(f"a{n}@rules.kr"), self.person(f"s{n}@rules.kr")
        app = self.p.applications.create(adopter, call_id, "single", f"도입 {n}", brn(n))
        self.p.applications.invite(adopter, app["id"], "supplier", f"공급 {n}", supplier_brn or brn(50 + n),
                                   supplier.email)
        self.p.applications.accept_invitation(supplier, app["id"])
        self.p.applications.update_section(adopter, app["id"], "adopter", ADOPTER, None, True)
        self.p.applications.update_section(supplier, app["id"], "supplier", SUPPLIER, ["solution", "consulting"], True)
        self.p.applications.consent(adopter, app["id"], CONSENTS, "2022-12-v1")
        return self.p.applications.record(app["id"])

    def upload(self, email: str, app_id: str, kind: str) -> dict[str, Any]:
        app = self.p.applications.record(app_id)
        declared = self.p.documents.request_upload(self.people[email], app, kind, f"{kind}.pdf", "application/pdf",
                                                   len(PDF))
        key = self.p.records.get(self.p.records_key(app_id, declared["document"]["id"]))["key"]
        self.p.documents.blobs.put(key, PDF)
        return self.p.documents.complete(self.people[email], app, declared["document"]["id"])

    def complete_documents(self, app: dict[str, Any], n: int) -> None:
        for role, kinds in self.p.documents.missing(app).items():
            for kind in kinds:
                self.upload(f"a{n}@rules.kr" if role == "adopter" else f"s{n}@rules.kr", app["id"], kind)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = ControllableClock(START)
    container = bootstrap(load_settings(profile="local", data_dir=tmp_path), clock=clock)
    set_container(container)
    try:
        yield World(container, clock)
    finally:
        container.workflow.close()  # type: ignore[attr-defined]
        release_container(container)


def test_r_doc_1_2_3_4_submission_lists_every_missing_document_by_role(world: World) -> None:
    call = world.call()
    app = world.draft(call["id"], 1)
    with pytest.raises(RuleViolation) as missing:
        world.p.applications.submit(world.people["a1@rules.kr"], app["id"])
    assert missing.value.rule == "R-DOC-2"
    text = str(missing.value)
    for kind in ("application_form", "consent_form", "factory_registration", "local_tax_certificate",  # R-DOC-1/2
                 "budget_breakdown", "quote", "track_record", "staff_cv", "social_insurance_roster"):  # R-DOC-4/3
        assert kind in text
    world.complete_documents(app, 1)
    assert world.p.applications.submit(world.people["a1@rules.kr"], app["id"])["status"] == "submitted"


def test_documents_are_listed_in_the_checklist_order_whatever_the_upload_order(world: World) -> None:
    app = world.draft(world.call()["id"], 3)
    for email, kind in (("s3@rules.kr", "staff_cv"), ("a3@rules.kr", "quote"), ("s3@rules.kr", "track_record"),
                        ("a3@rules.kr", "consent_form"), ("a3@rules.kr", "application_form")):
        world.upload(email, app["id"], kind)
    listed = world.p.documents.of_application(world.people["a3@rules.kr"], world.p.applications.record(app["id"]))
    assert [doc["kind"] for doc in listed] == ["application_form", "consent_form", "track_record", "staff_cv", "quote"]


def test_r_doc_3_a_supplier_uploads_its_own_documents_and_an_adopter_cannot_remove_them(world: World) -> None:
    app = world.draft(world.call()["id"], 2)
    document = world.upload("s2@rules.kr", app["id"], "track_record")
    assert document["role"] == "supplier" and document["status"] == "clean"
    with pytest.raises(Exception, match="only the member that uploaded"):
        world.p.documents.remove(world.people["a2@rules.kr"], world.p.applications.record(app["id"]), document["id"])


def test_r_doc_uploads_are_checked_for_type_size_and_content(world: World) -> None:
    app = world.draft(world.call()["id"], 3)
    adopter = world.people["a3@rules.kr"]
    with pytest.raises(UploadRefused) as wrong_type:
        world.p.documents.request_upload(adopter, app, "business_registration", "x.exe", "application/x-msdownload", 9)
    assert wrong_type.value.field == "content_type"
    with pytest.raises(UploadRefused) as too_big:
        world.p.documents.request_upload(adopter, app, "quote", "q.pdf", "application/pdf", 20 * 1024 * 1024 + 1)
    assert too_big.value.field == "size"
    declared = world.p.documents.request_upload(adopter, app, "quote", "q.pdf", "application/pdf", 12)
    key = world.p.records.get(world.p.records_key(app["id"], declared["document"]["id"]))["key"]
    world.p.documents.blobs.put(key, b"MZ not a pdf")
    scanned = world.p.documents.complete(adopter, app, declared["document"]["id"])
    assert (scanned["status"], scanned["sha256"] is not None) == ("rejected", True)  # the scanning hook refused it


def test_r_prg_3_nothing_is_submitted_or_changed_after_the_deadline(world: World) -> None:
    app = world.draft(world.call()["id"], 4)
    world.complete_documents(app, 4)
    world.clock.advance(timedelta(days=10, seconds=1))
    with pytest.raises(DeadlinePassed) as late:
        world.p.applications.submit(world.people["a4@rules.kr"], app["id"])
    assert late.value.rule == "R-PRG-3"


def test_a_call_is_neither_created_nor_opened_without_time_left_to_apply(world: World) -> None:
    now = world.clock.now()
    with pytest.raises(RuleViolation) as backwards:
        world.p.calls.create(STAFF, title_ko="거꾸로", title_en="", opens_at=now, closes_at=now - timedelta(hours=1))
    with pytest.raises(DeadlinePassed) as passed:
        world.p.calls.create(STAFF, title_ko="지난", title_en="", opens_at=now - timedelta(days=2),
                             closes_at=now - timedelta(days=1))
    assert backwards.value.field == passed.value.field == "closes_at"
    draft = world.p.calls.create(STAFF, title_ko="늦은 게시", title_en="", opens_at=now,
                                 closes_at=now + timedelta(days=1))
    rubric, note = corrected_2022()
    world.p.calls.edit_rubric(STAFF, draft["id"], rubric.as_json(), note)
    world.clock.advance(timedelta(days=1))  # the deadline passes while the call is still a draft
    with pytest.raises(DeadlinePassed):
        world.p.calls.open(STAFF, draft["id"])
    assert world.p.calls.record(draft["id"])["status"] == "draft"  # nothing started


def test_r_prg_4_a_supplier_brings_at_most_three_adopters_per_call(world: World) -> None:
    call = world.call()
    shared = brn(99)
    for n in (5, 6, 7):
        world.draft(call["id"], n, supplier_brn=shared)
    with pytest.raises(RuleViolation) as fourth:
        world.draft(call["id"], 8, supplier_brn=shared)
    assert fourth.value.rule == "R-PRG-4"


def _project(world: World, n: int) -> dict[str, Any]:
    app = world.draft(world.call()["id"], n)
    return world.p.projects.start({**app, "status": ApplicationStatus.selected.value})


def test_r_agr_2_r_obl_1_2_the_agreement_records_its_parties_and_the_deliverables_terms(world: World) -> None:
    project = _project(world, 10)
    world.p.projects.record_cost_audit(project["id"], 60_000_000, STAFF.email)
    signed, _ = world.p.projects.record_agreement(project["id"], date(2027, 3, 2), STAFF.email)
    assert [party["role"] for party in signed["parties"]] == ["agency", "adopter", "supplier"]  # R-AGR-2
    assert signed["deliverables"]["ip_owner"] == ["공급 10"]  # R-OBL-1
    assert signed["deliverables"]["licences_until"] == "2028-03-01"  # R-OBL-2: one year from the agreement
    assert signed["grant"]["city_share"] == 60_000_000 and signed["grant"]["vat"] == 6_000_000  # R-AGR-1


def test_r_pay_4_payment_needs_the_requests_documents(world: World) -> None:
    project = _project(world, 11)
    world.p.projects.record_cost_audit(project["id"], 90_000_000, STAFF.email)
    world.p.projects.record_agreement(project["id"], date(2027, 3, 2), STAFF.email)
    with pytest.raises(RuleViolation) as unpaid:
        world.p.projects.check_payable(project["id"])
    assert unpaid.value.rule == "R-PAY-4"
    adopter = world.people["a11@rules.kr"]
    with pytest.raises(RuleViolation) as incomplete:
        world.p.projects.request_payment(adopter, project["id"], [], world.p.documents.present)
    assert incomplete.value.rule == "R-PAY-1"


def test_r_fin_1_staff_record_interim_checks_during_the_term(world: World) -> None:
    project = _project(world, 12)
    checked = world.p.projects.record_interim_check(STAFF, project["id"], "예산 집행률 45%, 일정 정상")
    assert checked["interim_checks"][0]["findings"] == "예산 집행률 45%, 일정 정상"
    trail = world.p.audit.entries("project", project["id"])[0]
    assert "project.interim_check" in {entry["action"] for entry in trail}


def test_r_rev_3_a_short_round_reopens_the_call_for_the_places_left(world: World) -> None:
    call = world.call(places=3)
    app = world.draft(call["id"], 13)
    world.p.applications.move(app["id"], ApplicationStatus.submitted)
    for status in (ApplicationStatus.under_review, ApplicationStatus.eligible, ApplicationStatus.evaluation,
                   ApplicationStatus.selected):
        world.p.applications.move(app["id"], status)
    follow = world.p.selection.reopen(call["id"])
    assert follow is not None
    reopened = world.p.calls.record(follow)
    assert (reopened["places"], reopened["parent_call"], reopened["status"]) == (2, call["id"], "draft")
    assert reopened["rubric_problems"] == []  # the corrected rubric came along


def _paid(world: World, n: int, budget: int = 100_000_000) -> dict[str, Any]:
    project = _project(world, n)
    world.p.projects.record_cost_audit(project["id"], budget, STAFF.email)
    world.p.projects.record_agreement(project["id"], date(2027, 3, 2), STAFF.email)
    return world.p.projects.record_payment(project["id"], STAFF.email, date(2027, 3, 5))


def _in_obligation(world: World, n: int) -> dict[str, Any]:
    project = _paid(world, n)
    world.p.projects.record_final_report(project["id"], "a@rules.kr", "doc-report")
    world.p.projects.record_verdict(project["id"], "success", STAFF.email, "")
    return world.p.projects.record_report_meeting(project["id"], STAFF.email, date(2027, 12, 1))


@pytest.mark.parametrize("trigger,rule", [("bankruptcy_or_closure", "R-CLW-1"), ("abandoned", "R-CLW-2"),
                                          ("relocated_outside_incheon", "R-CLW-4"), ("obligation_breach", "R-OBL-3")])
def test_r_clw_staff_open_a_clawback_of_the_full_grant(world: World, trigger: str, rule: str) -> None:
    project = _in_obligation(world, 14) if trigger == "obligation_breach" else _paid(world, 14)
    case = world.p.clawbacks.open_by_staff(STAFF, project["id"], trigger, "현장 확인")
    assert (case["rule"], case["amount"], case["status"]) == (rule, 80_000_000, "opened")
    assert world.p.projects.record(project["id"])["status"] == "clawback"


def test_r_clw_5_an_unpaid_clawback_goes_to_the_guarantee_insurance(world: World) -> None:
    project = _paid(world, 15, 50_000_000)
    case = world.p.clawbacks.open_by_staff(STAFF, project["id"], "abandoned", "연락 두절")
    workflow: Any = world.c.workflow
    workflow.run_until_idle()
    assert world.p.approvals.pending_for({"clawback": case["id"]}, "repayment")
    world.clock.advance(timedelta(days=31))  # 30 days without repayment
    workflow.run_until_idle()
    assert world.p.clawbacks.record(case["id"])["status"] == "escalated_to_insurance"
    assert world.p.approvals.pending_for({"clawback": case["id"]}, "insurance_recovery")


def test_r_prg_2_an_approved_extension_moves_the_end_and_more_than_3_months_is_refused(world: World) -> None:
    project = _paid(world, 16, 50_000_000)
    adopter = world.people["a16@rules.kr"]
    world.p.projects.request_plan_change(adopter, project["id"], "3개월 연장", 3)
    extended = world.p.projects.decide_plan_change(project["id"], "chg-1", True, STAFF.email, "승인")
    assert extended["calendar"]["term_end"] == "2028-03-01" and extended["extension_months"] == 3
    with pytest.raises(RuleViolation) as more:
        world.p.projects.request_plan_change(adopter, project["id"], "추가 연장", 1)
    assert more.value.rule == "R-PRG-2"


def test_an_invited_person_finds_the_application_before_joining(world: World) -> None:
    call = world.call()
    adopter = world.person("a20@rules.kr")
    invited = world.person("s20@rules.kr")
    app = world.p.applications.create(adopter, call["id"], "consortium", "도입 20", brn(20))
    world.p.applications.invite(adopter, app["id"], "solution_company", "솔루션 20", brn(70), invited.email)
    listed = world.p.applications.list_for(invited)
    assert [a["id"] for a in listed] == [app["id"]] and listed[0]["my_roles"] == ["solution_company"]
    assert world.p.applications.list_for(world.person("other@rules.kr")) == []
