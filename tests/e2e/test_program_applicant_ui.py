"""The applicant's journey in Chromium against the live local server: a consortium application to the open call,
members invited, the business registration number checked as it is typed, a draft saved, left and resumed, the
documents uploaded (a wrong type refused before upload, a file replaced and one removed), consents given as
asked, the supplier companies completing their own parts, then submitted and read-only with its status.

The same journey runs on a desktop screen, on a 390 × 844 phone, and with the keyboard only."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.program_api import CONSENTS, SUPPLIER_DOCUMENTS, SUPPLIER_FACTS, Person
from tests.e2e.program_ui import Keyboard, Mouse, browser_page, check_page, heading, pdf_file, sign_in, sign_out
from tests.e2e.program_world import PASSWORD, new_brn, own_server_fixture, still_platform_fixture
from tests.live import LiveServer

__all__ = ["own_server_fixture", "still_platform_fixture"]  # this module's own platform

OPEN_CALL = "2023년 제조데이터 활성화 지원사업 (데모, 모집 중)"
ADOPTER_DOCUMENTS = {"application_form": "사업신청서 및 사업계획서", "consent_form": "개인·기업정보 수집·이용 동의서",
                     "business_registration": "사업자등록증", "factory_registration": "공장등록증",
                     "local_tax_certificate": "지방세 납세증명서", "budget_breakdown": "소프트웨어 개발비 산정 내역",
                     "quote": "견적서"}
ADOPTER_ANSWERS = {"factory_in_incheon": "예", "supported_before": "아니요", "in_large_business_group": "아니요",
                   "runs_mes": "예", "network_data_supply": "예", "imate_consent": "예"}


def _people(server: LiveServer, tag: str) -> dict[str, str]:
    identity = server.platform.container.identity
    emails = {role: f"{role}.{tag}@apply.test.kr" for role in ("adopter", "solution", "consulting")}
    for role, email in emails.items():
        identity.create_user(email, f"{role} {tag}", ["applicant"], PASSWORD)  # type: ignore[attr-defined]
    return emails


def _log_in(page: Any, do: Mouse, email: str, start: str = "/applications") -> None:
    if not do.keyboard_only:
        sign_in(page, email, PASSWORD, start)
        return
    page.goto(f"/login?next={start}")
    heading(page, "로그인")
    do.fill(page.locator("#login-email"), email)
    do.fill(page.locator("#login-password"), PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def _step(page: Any, do: Mouse, name: str) -> None:
    do.click(page.get_by_role("navigation", name="신청서 작성 단계").get_by_role("link", name=re.compile(name)))
    heading(page, name, level=2)


def _slot(page: Any, label: str) -> Any:
    title = page.get_by_role("heading", level=4, name=re.compile("^" + re.escape(label)))
    return page.locator("li.document-slot", has=title)


def _upload(page: Any, do: Mouse, label: str, path: Path) -> None:
    slot = _slot(page, label)
    do.upload(slot.locator("input[type=file]"), path)
    slot.get_by_role("status").filter(has_text=f"{path.name} 파일을 올렸습니다").wait_for()
    slot.locator(".status-badge", has_text="확인됨").wait_for()


def _start_application(page: Any, do: Mouse, tag: str, mobile: bool) -> tuple[str, str]:
    heading(page, "내 신청 현황")
    card = page.locator("article.call-card", has=page.get_by_role("heading", name=OPEN_CALL))
    assert "남음" in card.inner_text() and "신청 마감" in card.inner_text()  # the deadline counts down
    do.click(card.locator("summary"))
    card.get_by_role("heading", name="신청 자격", level=4).wait_for()  # the call's rules in plain words
    check_page(page, mobile=mobile, pointer=not do.keyboard_only)
    do.click(card.get_by_role("link", name=re.compile("^신청하기")))
    heading(page, "새 신청서 작성")
    do.choose("컨소시엄 (도입기업")
    company = f"데이터제조 {tag}"
    do.fill(page.locator("#new-application-adopter_name"), company)
    brn = new_brn()
    wrong = brn[:-1] + str((int(brn[-1]) + 1) % 10)
    do.fill(page.locator("#new-application-adopter_brn"), wrong)
    page.get_by_text("검증번호(마지막 자리)가 맞지 않습니다").wait_for()  # check-digit feedback while typing
    do.fill(page.locator("#new-application-adopter_brn"), brn)
    page.get_by_text("올바른 사업자등록번호입니다.").wait_for()
    check_page(page, mobile=mobile, pointer=not do.keyboard_only)
    do.click(page.get_by_role("button", name="신청서 만들기 (임시저장)"))
    page.get_by_text("신청서를 임시저장했습니다").wait_for()
    app_id = re.search(r"/applications/(app-[\w-]+)", page.url)
    assert app_id, page.url
    return app_id.group(1), company


def _invite(page: Any, do: Mouse, role: str, company: str, email: str) -> None:
    form = page.locator(f"#invite-{role}")
    do.fill(form.locator(f"#invite-{role}-name"), company)
    do.fill(form.locator(f"#invite-{role}-brn"), new_brn())
    do.fill(form.locator(f"#invite-{role}-email"), email)
    do.click(form.get_by_role("button", name="초대하기"))
    page.get_by_text(f"{email} 담당자를 초대했습니다.").wait_for()


def _complete_section(page: Any, do: Mouse) -> None:
    do.choose("중소기업", page.locator("fieldset", has=page.locator("#section-adopter-company_size")))
    for name, answer in ADOPTER_ANSWERS.items():
        do.choose(answer, page.locator("fieldset", has=page.locator(f"#section-adopter-{name}")))
    do.click(page.get_by_role("button", name="작성 완료"))
    page.get_by_text("작성 완료로 저장되어 있습니다").wait_for()


def _documents(page: Any, do: Mouse, tmp_path: Path, mobile: bool) -> None:
    declared: list[str] = []
    page.on("request", lambda r: declared.append(r.url) if r.method == "POST" and r.url.endswith("/documents")
            else None)
    bad = tmp_path / "setup.exe"
    bad.write_bytes(b"MZ not a document")
    do.upload(_slot(page, "사업신청서 및 사업계획서").locator("input[type=file]"), bad)
    page.get_by_role("alert").filter(has_text="PDF, HWP, HWPX, JPG, PNG 파일만 올릴 수 있습니다").wait_for()
    assert declared == []  # refused before anything was sent
    for kind, label in ADOPTER_DOCUMENTS.items():
        _upload(page, do, label, pdf_file(tmp_path, f"{kind}.pdf"))
    _upload(page, do, "견적서", pdf_file(tmp_path, "quote-revised.pdf"))  # replace
    slot = _slot(page, "견적서")
    assert "quote-revised.pdf" in slot.locator(".document-file").inner_text()
    assert "quote.pdf" not in slot.inner_text()
    consent_slot = _slot(page, "개인·기업정보 수집·이용 동의서")
    do.click(consent_slot.get_by_role("button", name=re.compile("^삭제")))  # remove until submission
    consent_slot.locator(".status-badge", has_text="제출 전").wait_for()
    _upload(page, do, "개인·기업정보 수집·이용 동의서", pdf_file(tmp_path, "consent-signed.pdf"))
    check_page(page, mobile=mobile, pointer=not do.keyboard_only)


def _consent(page: Any, do: Mouse, mobile: bool) -> None:
    heading(page, "필수 동의 항목", level=3)
    assert page.locator("#consent input[type=radio]:checked").count() == 0  # nothing pre-checked
    assert page.get_by_role("heading", name="선택 동의 항목").is_visible()
    assert page.get_by_text("수집·이용 목적").first.is_visible()  # the full text on the page
    do.click(page.get_by_role("button", name="동의 내용 저장"))
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement")  # the error summary takes focus
    assert summary.get_by_role("link").count() == len(CONSENTS)
    check_page(page, mobile=mobile, pointer=not do.keyboard_only)
    for item, given in CONSENTS.items():
        answer = "동의함" if given else "동의하지 않음"
        do.choose(answer, page.locator("fieldset", has=page.locator(f"#consent-{item}")))
    do.click(page.get_by_role("button", name="동의 내용 저장"))
    page.get_by_text("동의 내용을 저장했습니다.").wait_for()


def _solution_company_in_the_browser(browser: Any, server: LiveServer, viewport: str, app_id: str, email: str,
                                     tmp_path: Path) -> None:
    """The invited solution company's person opens the application by its number, accepts and completes its part."""
    with browser_page(browser, server.url, viewport) as page:
        do = Mouse(page)
        sign_in(page, email, PASSWORD, "/applications")
        heading(page, "내 신청 현황")
        do.fill(page.locator("#invitation-number"), app_id)
        do.click(page.get_by_role("button", name="신청 열기"))
        do.click(page.get_by_role("button", name="초대 수락"))
        heading(page, "신청 내용", level=2)
        page.locator("#section-solution_company-founded").fill("2015-03-02")
        do.fill(page.locator("#section-solution_company-experts_3y"), "3")
        for name in ("solution_track_record", "sw_hw_record_3y", "consulting_category", "own_platform",
                     "gs_certified", "consulting_record_3y"):
            do.choose("예", page.locator("fieldset", has=page.locator(f"#section-solution_company-{name}")))
        do.choose("솔루션기업 자격요건")
        do.click(page.get_by_role("button", name="작성 완료"))
        page.get_by_text("작성 완료로 저장되어 있습니다").wait_for()
        check_page(page, mobile=viewport == "mobile")
        _step(page, do, "제출 서류")
        for kind, label in (("business_registration", "사업자등록증"), ("track_record", "실적 증빙"),
                            ("staff_cv", "참여인력 이력서"), ("social_insurance_roster", "4대보험 가입자 명부")):
            _upload(page, do, label, pdf_file(tmp_path, f"solution-{kind}.pdf"))


def _company_through_the_api(server: LiveServer, app_id: str, email: str, role: str, qualification: str) -> None:
    person = Person(server.url, email, PASSWORD).log_in()
    person.call("POST", f"/applications/{app_id}/accept")
    person.call("PUT", f"/applications/{app_id}/sections/{role}",
                {"section": SUPPLIER_FACTS, "qualifications": [qualification], "completed": True})
    for kind in SUPPLIER_DOCUMENTS:
        person.upload(app_id, kind, role)


@pytest.mark.parametrize("journey", ["desktop", "mobile", "keyboard"])
def test_applicant_registers_a_consortium_with_documents_saves_resumes_and_submits(
        browser: Any, live_server: LiveServer, tmp_path: Path, journey: str) -> None:
    tag = uuid.uuid4().hex[:6]
    emails = _people(live_server, tag)
    viewport = "mobile" if journey == "mobile" else "desktop"
    mobile = journey == "mobile"
    with browser_page(browser, live_server.url, viewport) as page:
        do: Mouse = Keyboard(page) if journey == "keyboard" else Mouse(page)
        _log_in(page, do, emails["adopter"])
        app_id, company = _start_application(page, do, tag, mobile)
        heading(page, "참여기업", level=2)
        _invite(page, do, "solution_company", f"솔루션 {tag}", emails["solution"])
        _invite(page, do, "consulting_company", f"컨설팅 {tag}", emails["consulting"])
        check_page(page, mobile=mobile, pointer=not do.keyboard_only)

        _step(page, do, "신청 내용")
        title = f"사출 공정 데이터 기반 불량 예측 {tag}"
        do.fill(page.locator("#section-adopter-title"), title)
        do.click(page.get_by_role("button", name="임시저장"))
        page.get_by_role("status").filter(has_text="저장했습니다").wait_for()  # 임시저장 at any time
        if mobile:
            sign_out(page)
        else:
            do.click(page.get_by_role("button", name="로그아웃", exact=True))
            heading(page, "로그인")

        _log_in(page, do, emails["adopter"])  # resume: the draft is where it was left
        heading(page, "내 신청 현황")
        do.click(page.get_by_role("link", name=title))
        heading(page, title)
        assert "작성 중" in page.locator(".page-meta").inner_text()
        _step(page, do, "신청 내용")
        assert page.locator("#section-adopter-title").input_value() == title
        _complete_section(page, do)
        check_page(page, mobile=mobile, pointer=not do.keyboard_only)

        _step(page, do, "제출 서류")
        _documents(page, do, tmp_path, mobile)
        _step(page, do, "개인정보 동의")
        _consent(page, do, mobile)

        if journey == "keyboard":
            _company_through_the_api(live_server, app_id, emails["solution"], "solution_company", "solution")
        else:
            _solution_company_in_the_browser(browser, live_server, viewport, app_id, emails["solution"], tmp_path)
        _company_through_the_api(live_server, app_id, emails["consulting"], "consulting_company", "consulting")

        page.reload()
        _step(page, do, "확인 및 제출")
        page.locator(".readiness li").first.wait_for()
        assert page.locator(".readiness .todo").count() == 0, page.locator(".readiness").inner_text()
        check_page(page, mobile=mobile, pointer=not do.keyboard_only)
        do.click(page.get_by_role("button", name="신청서 제출"))
        dialog = page.get_by_role("dialog", name="신청서를 제출할까요?")
        dialog.wait_for()
        do.click(dialog.get_by_role("button", name="신청서 제출"))
        page.get_by_text("신청이 접수되었습니다.").wait_for()
        assert "신청접수" in page.locator(".page-meta").inner_text()
        assert page.locator("#section-adopter-title").count() == 0  # read-only after submission
        assert page.get_by_role("list", name="신청 진행 단계").is_visible()
        check_page(page, mobile=mobile, pointer=not do.keyboard_only)

    submitted = Person(live_server.url, emails["adopter"], PASSWORD).log_in().call("GET", f"/applications/{app_id}")
    assert (submitted["status"], submitted["status_label"], submitted["title"]) == ("submitted", "신청접수", title)
    assert {m["role"] for m in submitted["members"]} == {"adopter", "solution_company", "consulting_company"}
    assert submitted["consents"]["marketing"] is False and submitted["consents"]["personal_info"] is True
    assert company in {m["name"] for m in submitted["members"]}
