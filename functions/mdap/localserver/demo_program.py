"""The local profile's demo program: the 2022 call (3 places, its rubric corrected and the correction recorded)
with applications in different states, an open call to apply to, and a draft call showing the printed rubric's
flaw. Seeded once per data directory (a marker record), through the same services the API uses."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from mdap.adapters.local.identity import LocalIdentity
from mdap.bootstrap import Container
from mdap.domain.identity import Principal
from mdap.domain.program.brn import check_digit
from mdap.domain.program.rubric import corrected_2022
from mdap.program.services import Program, program
from mdap.program.store import Key

MARKER = ("DEMO#PROGRAM", "SEEDED")
PDF = b"%PDF-1.7\n% demo document\n%%EOF\n"
ADOPTER = {"company_size": "sme", "factory_in_incheon": True, "supported_before": False,
           "in_large_business_group": False, "runs_mes": True, "network_data_supply": True, "imate_consent": True,
           "exclusions": []}
SUPPLIER = {"founded": "2014-05-02", "experts_3y": 4, "solution_track_record": True, "sw_hw_record_3y": True,
            "consulting_category": True, "own_platform": True, "gs_certified": True, "consulting_record_3y": True}
CONSENTS = {"personal_info": True, "company_info": True, "imate_sharing": True, "evaluator_sharing": True,
            "marketing": False}
STAFF = Principal("demo-seed", "staff@demo.mdap.kr", "데모 사업담당자", frozenset({"staff"}))
COMPANIES = [("데모정밀(주)", "applicant@demo.mdap.kr", "사출성형 공정 데이터 기반 불량 예측", True),
             ("인천금형(주)", "adopter2@demo.mdap.kr", "금형 온도 모니터링과 예지보전", True),
             ("송도전자(주)", "adopter3@demo.mdap.kr", "SMT 라인 설비 데이터 수집", True),
             ("남동기계(주)", "adopter4@demo.mdap.kr", "CNC 가공 데이터 분석", False)]


def brn(seed: int) -> str:
    first = f"{131 + seed:03d}86{(seed * 7919) % 10000:04d}"
    return first + str(check_digit(first))


def seed_demo_program(container: Container, identity: LocalIdentity) -> None:
    if container.table.get(*MARKER) is not None:
        return
    p = program(container)
    now = container.clock.now()
    rubric, note = corrected_2022()
    round_call = p.calls.create(STAFF, title_ko="2022년 제조데이터 활성화 지원사업 (추가모집, 데모)",
                                title_en="2022 Manufacturing Data Activation Support (demo)", opens_at=now,
                                closes_at=now + timedelta(minutes=3), places=3)
    p.calls.edit_rubric(STAFF, round_call["id"], rubric.as_json(), note)
    p.calls.open(STAFF, round_call["id"])
    for number, (company, email, title, submit) in enumerate(COMPANIES, start=1):
        _application(p, identity, round_call["id"], number, company, email, title, submit)
    open_call = p.calls.create(STAFF, title_ko="2023년 제조데이터 활성화 지원사업 (데모, 모집 중)",
                               title_en="2023 Manufacturing Data Activation Support (demo, open)", opens_at=now,
                               closes_at=now + timedelta(days=30), places=3)
    p.calls.edit_rubric(STAFF, open_call["id"], rubric.as_json(), note)
    p.calls.open(STAFF, open_call["id"])
    p.calls.create(STAFF, title_ko="2024년 제조데이터 활성화 지원사업 (작성 중)", title_en="2024 call (draft)",
                   opens_at=now + timedelta(days=60), closes_at=now + timedelta(days=75), places=3)
    container.table.put(*MARKER, {"at": now.isoformat()})


def _user(identity: LocalIdentity, email: str, name: str) -> Principal:
    found = next((user for user in identity.list_users() if user.email == email), None)
    return found or identity.create_user(email, name, ["applicant"], f"demo-{secrets.token_urlsafe(12)}")


def _application(p: Program, identity: LocalIdentity, call_id: str, number: int, company: str, email: str,
                 title: str, submit: bool) -> None:
    adopter = _user(identity, email, f"{company} 담당자")
    supplier = _user(identity, f"supplier{number}@demo.mdap.kr", f"공급기업 {number} 담당자")
    app = p.applications.create(adopter, call_id, "single", company, brn(number))
    p.applications.invite(adopter, app["id"], "supplier", f"데이터솔루션{number}(주)", brn(50 + number),
                          supplier.email)
    p.applications.accept_invitation(supplier, app["id"])
    p.applications.update_section(adopter, app["id"], "adopter", {**ADOPTER, "title": title}, None, True)
    p.applications.update_section(supplier, app["id"], "supplier", SUPPLIER, ["solution", "consulting"], True)
    if not submit:
        return  # stays a draft (임시저장)
    for person, kinds in ((adopter, ("application_form", "consent_form", "business_registration",
                                      "factory_registration", "local_tax_certificate", "budget_breakdown", "quote")),
                          (supplier, ("business_registration", "track_record", "staff_cv",
                                      "social_insurance_roster"))):
        for kind in kinds:
            _upload(p, person, app["id"], kind)
    p.applications.consent(adopter, app["id"], CONSENTS, "2022-12-v1")
    p.applications.submit(adopter, app["id"])


def _upload(p: Program, person: Principal, app_id: str, kind: str) -> Any:
    app = p.applications.record(app_id)
    declared = p.documents.request_upload(person, app, kind, f"{kind}.pdf", "application/pdf", len(PDF))
    key = p.records.get(_doc_key(app_id, declared["document"]["id"]))["key"]
    p.documents.blobs.put(key, PDF, content_type="application/pdf")
    return p.documents.complete(person, app, declared["document"]["id"])


def _doc_key(app_id: str, doc_id: str) -> Key:
    return Key(f"APP#{app_id}", f"DOC#{doc_id}")
