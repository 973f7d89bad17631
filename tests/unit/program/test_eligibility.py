"""The requirements review (R-REV-1): the R-ELG checklist on declared facts, documents and staff decisions."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.program.documents import KINDS
from mdap.domain.program.eligibility import CHECKS, FACTS, Checklist, CheckResult, Decision, evaluate
from mdap.domain.program.eligibility_checks import BONUS_CHECK

ADOPTER = {"company_size": "sme", "factory_in_incheon": True, "supported_before": False,
           "in_large_business_group": False, "runs_mes": True, "network_data_supply": True, "imate_consent": True,
           "exclusions": []}
SUPPLIER = {"founded": "2015-03-02", "experts_3y": 3, "solution_track_record": True, "sw_hw_record_3y": True,
            "consulting_category": True, "own_platform": True, "gs_certified": True, "consulting_record_3y": True}
CALL = {"announced": "2022-12-20"}


def facts(adopter: dict[str, Any] | None = None, **parties: dict[str, Any]) -> dict[str, Any]:
    return {"call": CALL, "adopter": {**ADOPTER, **(adopter or {})}, **(parties or {"supplier": SUPPLIER})}


def result(checklist: Checklist, check_id: str, party: str = "adopter") -> CheckResult:
    return next(r for r in checklist.results if r.id == check_id and r.party == party)


def approve_all(checklist: Checklist) -> dict[str, Decision]:
    return {r.key: Decision("passed", "서류 확인", "staff@itp") for r in checklist.needs_judgement}


def test_r_elg_2_to_5_are_decided_from_declared_facts() -> None:
    checklist = evaluate(facts(), {}, {})
    for check_id in ("R-ELG-2", "R-ELG-3", "R-ELG-4", "R-ELG-5"):
        assert result(checklist, check_id).status == "passed"


def test_r_elg_1_facts_alone_never_pass_an_item_checked_against_a_document() -> None:
    checklist = evaluate(facts(), {"adopter": ["business_registration"]}, {})
    factory = result(checklist, "R-ELG-1")
    assert factory.status == "needs_judgement"
    assert factory.evidence == ["factory_registration", "business_registration"]
    assert "factory_registration" in factory.reason_en
    assert "미제출 서류: factory_registration" in factory.reason_ko
    assert checklist.overall == "pending"


@given(st.fixed_dictionaries({name: st.one_of(st.booleans(), st.none(), st.integers(0, 5), st.just("sme"),
                                              st.just("2010-01-01"), st.just([]))
                              for name in FACTS if FACTS[name].scope != "call"}))
def test_no_document_checked_item_passes_without_a_staff_decision(declared: dict[str, Any]) -> None:
    checklist = evaluate({"call": CALL, "adopter": declared, "solution_company": declared,
                          "consulting_company": declared}, {}, {})
    for check in CHECKS:
        if not check.decidable_from_facts:
            assert all(r.status != "passed" for r in checklist.results if r.id == check.id)
    assert checklist.overall != "eligible"


def test_r_elg_1_a_large_company_or_a_factory_outside_incheon_fails_with_a_reason() -> None:
    large = evaluate(facts({"company_size": "large"}), {}, {})
    assert result(large, "R-ELG-1").status == "failed"
    assert large.overall == "ineligible"
    outside = result(evaluate(facts({"factory_in_incheon": False}), {}, {}), "R-ELG-1")
    assert outside.status == "failed" and "인천" in outside.reason_ko and "Incheon" in outside.reason_en


def test_r_elg_3_a_large_business_group_member_is_ineligible() -> None:
    checklist = evaluate(facts({"in_large_business_group": True}), {}, {})
    assert result(checklist, "R-ELG-3").status == "failed"
    assert checklist.overall == "ineligible"


def test_r_elg_6_a_declared_exclusion_fails_naming_it_in_korean() -> None:
    excluded = result(evaluate(facts({"exclusions": ["relocation_planned"]}), {}, {}), "R-ELG-6")
    assert excluded.status == "failed"
    assert "타 시 이전" in excluded.reason_ko and "relocation_planned" in excluded.reason_en
    unknown = result(evaluate(facts({"exclusions": ["bad_weather"]}), {}, {}), "R-ELG-6")
    assert unknown.status == "needs_judgement"


def test_an_undeclared_fact_needs_judgement_and_names_the_fact() -> None:
    checklist = evaluate(facts({"imate_consent": None}), {}, {})
    consent = result(checklist, "R-ELG-5")
    assert consent.status == "needs_judgement" and "imate_consent" in consent.reason_en


def test_r_elg_9_supplier_founded_less_than_three_years_before_the_call_fails() -> None:
    young = evaluate(facts(supplier={**SUPPLIER, "founded": "2020-01-01"}), {}, {})
    assert result(young, "R-ELG-9", "supplier").status == "failed"
    exactly = evaluate(facts(supplier={**SUPPLIER, "founded": "2019-12-20"}), {}, {})
    assert result(exactly, "R-ELG-9", "supplier").status == "needs_judgement"
    few = evaluate(facts(supplier={**SUPPLIER, "experts_3y": 1}), {}, {})
    assert "2명 이상" in result(few, "R-ELG-9", "supplier").reason_ko


def test_r_elg_9_without_the_call_date_the_founding_cannot_be_judged() -> None:
    checklist = evaluate({"adopter": ADOPTER, "supplier": SUPPLIER}, {}, {})
    assert "announced" in result(checklist, "R-ELG-9", "supplier").reason_en


def test_r_elg_7_and_r_elg_8_apply_to_the_consortium_members_and_r_elg_9_to_both() -> None:
    checklist = evaluate(facts(solution_company=SUPPLIER, consulting_company={**SUPPLIER, "gs_certified": False}),
                         {}, {})
    assert [(r.id, r.party) for r in checklist.results if r.party != "adopter"] == [
        ("R-ELG-7", "solution_company"), ("R-ELG-8", "consulting_company"),
        ("R-ELG-9", "solution_company"), ("R-ELG-9", "consulting_company")]
    assert result(checklist, "R-ELG-8", "consulting_company").status == "failed"


def test_a_staff_decision_overrides_and_a_party_specific_key_wins() -> None:
    decisions = {"R-ELG-9": Decision("passed", "확인", "kim"),
                 "R-ELG-9/consulting_company": Decision("failed", "4대보험 명부상 인원 부족", "lee")}
    checklist = evaluate(facts(solution_company=SUPPLIER, consulting_company=SUPPLIER), {}, decisions)
    assert result(checklist, "R-ELG-9", "solution_company").status == "passed"
    consulting = result(checklist, "R-ELG-9", "consulting_company")
    assert (consulting.status, consulting.decided_by) == ("failed", "lee")
    assert "4대보험 명부상 인원 부족" in consulting.reason_ko and "decided by lee" in consulting.reason_en


def test_r_rev_1_the_checklist_is_eligible_once_staff_passed_every_open_item() -> None:
    first = evaluate(facts(), {}, {})
    assert first.overall == "pending"
    assert {r.id for r in first.needs_judgement} == {"R-ELG-1", "R-ELG-6", "R-ELG-7", "R-ELG-8", "R-ELG-9"}
    assert evaluate(facts(), {}, approve_all(first)).overall == "eligible"


def test_r_elg_10_a_bonus_claim_is_not_eligibility_and_counts_once_staff_confirm_it() -> None:
    """R-DOC-5: a level confirmation is checked against its certificate; participation needs no document."""
    assert evaluate(facts(), {}, {}).bonus is None
    level = evaluate(facts({"bonus_program": "level_confirmation"}), {}, {})
    assert level.bonus is not None and level.bonus.status == "needs_judgement"
    assert level.bonus.evidence == ["bonus_certificate"] and not level.bonus_confirmed
    deployment = evaluate(facts({"bonus_program": "deployment"}), {}, {}).bonus
    assert deployment is not None and deployment.evidence == []
    confirmed = evaluate(facts({"bonus_program": "deployment"}), {}, {"R-ELG-10": Decision("passed", "ok", "kim")})
    assert confirmed.bonus_confirmed
    ready = evaluate(facts({"bonus_program": "deployment"}), {}, approve_all(evaluate(facts(), {}, {})))
    assert ready.overall == "eligible" and not ready.bonus_confirmed


def test_checks_are_data_every_evidence_kind_is_an_r_doc_kind_and_every_fact_is_documented() -> None:
    assert [check.id for check in CHECKS] == [f"R-ELG-{n}" for n in range(1, 11)]
    assert [check.id for check in CHECKS if check.bonus] == [BONUS_CHECK.id] == ["R-ELG-10"]
    for check in CHECKS:
        assert check.text_ko and check.text_en
        assert set(check.evidence) <= set(KINDS), check.id
        assert set(check.facts) <= set(FACTS), check.id
        assert set(check.applies_to) <= {"adopter", "supplier", "solution_company", "consulting_company"}
    assert all(KINDS[kind].rule.startswith("R-DOC") for check in CHECKS for kind in check.evidence)


def test_checklist_as_json_is_explainable() -> None:
    body = evaluate(facts(), {}, {}).as_json()
    assert body["overall"] == "pending"
    first = body["results"][0]
    assert set(first) == {"id", "party", "status", "reason_ko", "reason_en", "evidence", "decided_by"}
