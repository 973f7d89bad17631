"""The declared facts the requirements review reads (R-ELG-1…10), and the tests of each requirement on them.

Facts come grouped by party: `{"call": {...}, "adopter": {...}, "supplier": {...}}` for a single supplier, or
`"solution_company"` and `"consulting_company"` instead of `"supplier"` for a consortium. `FACTS` documents every
name (scope "supplier" = every supplier company). Dates are `date`s or ISO strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from mdap.domain.program.calendar import add_months

Outcome = Literal["meets", "fails", "unknown"]
Finding = tuple[Outcome, str, str]  # (outcome, Korean reason, English reason)
Requirement = Callable[[Mapping[str, Any], Mapping[str, Any]], Finding]  # (party facts, call facts)


@dataclass(frozen=True)
class Fact:
    scope: Literal["call", "adopter", "supplier"]
    values: str
    en: str
    ko: str


EXCLUSIONS: dict[str, str] = {
    "financial_delinquency": "금융불량 거래처로 규제 중",
    "closed_or_suspended": "휴·폐업 중",
    "false_statement": "신청서·사업계획서 허위 기재",
    "funded_elsewhere": "동일·유사 과제로 타기관 사업 수행 중",
    "already_developed": "개발 완료 또는 진행 중인 과제",
    "off_topic": "지원분야와 과제 내용 상이",
    "relocation_planned": "사업기간 중 타 시 이전 계획",
    "sanctioned_or_credit_delinquent": "공공기관 사업 제재 중 또는 신용거래 불량(기업·대표·과제책임자)",
}


FACTS: dict[str, Fact] = {
    "announced": Fact("call", "date", "The call's date (공고일): the reference date of R-ELG-6/8/9.", "공고일"),
    "company_size": Fact("adopter", "sme | midsize | large", "Company size class.", "기업 규모(중소·중견·대기업)"),
    "factory_in_incheon": Fact("adopter", "bool", "The adopting factory (not the head office) is in Incheon.",
                               "도입공장 소재지가 인천광역시(본사 무관)"),
    "supported_before": Fact("adopter", "bool", "The same business or corporation was supported by the program.",
                             "동일사업자·법인 기지원 여부"),
    "in_large_business_group": Fact("adopter", "bool", "Belongs to a large business group (상호출자제한기업집단).",
                                    "상호출자제한기업집단 소속 여부"),
    "runs_mes": Fact("adopter", "bool", "Runs MES or a similar smart-factory system.",
                     "MES 등 스마트공장 시스템 기구축"),
    "network_data_supply": Fact("adopter", "bool", "Produces process data and can supply it over a network.",
                                "공정 데이터 생산 및 네트워크를 통한 외부 공급 가능"),
    "imate_consent": Fact("adopter", "bool", "Consents to share real-time analysis data with I-MATE.",
                          "I-MATE 실시간 데이터 제공 동의"),
    "exclusions": Fact("adopter", "list of " + " | ".join(EXCLUSIONS),
                       "Exclusion grounds that apply (R-ELG-6; empty when none).",
                       "해당하는 신청 제외 사유(없으면 빈 목록)"),
    "bonus_program": Fact("adopter", "deployment | level_confirmation | null",
                          "Smart-factory program the bonus claim rests on (2014-2022).",
                          "가점 근거: 스마트공장 보급사업 참여 또는 수준확인"),
    "founded": Fact("supplier", "date", "Founding date.", "설립일"),
    "experts_3y": Fact("supplier", "int", "Experts with 3+ years of experience on the project.",
                       "경력 3년 이상 참여 전문인력 수"),
    "solution_track_record": Fact("supplier", "bool", "Owns or has supplied a manufacturing-data solution.",
                                  "제조데이터 수집·분석 솔루션 보유 또는 공급 실적"),
    "sw_hw_record_3y": Fact("supplier", "bool", "Collection software and smart-factory hardware record, last 3 years.",
                            "최근 3년 내 데이터 수집 S/W 및 스마트공장 H/W 구축 실적"),
    "consulting_category": Fact("supplier", "bool", "Registered category: consulting or system-integration consulting.",
                                "사업자 종목이 컨설팅업 또는 컴퓨터시스템 통합자문 구축업"),
    "own_platform": Fact("supplier", "bool", "Owns a data-analysis or AI platform it produces itself.",
                         "직접 생산한 데이터 분석 또는 인공지능 플랫폼 보유"),
    "gs_certified": Fact("supplier", "bool", "Its software meets GS (Good Software) quality criteria.",
                         "제공 SW의 GS 인증기준 품질"),
    "consulting_record_3y": Fact("supplier", "bool", "Data-analysis or BM consulting record, last 3 years.",
                                 "최근 3년 내 데이터 분석 활용 및 BM 컨설팅 실적"),
}

def _unknown(name: str) -> Finding:
    return ("unknown", f"'{name}' 항목이 신고되지 않았거나 값이 올바르지 않습니다",
            f"fact {name} is not declared or malformed")


def flag(name: str, expected: bool, ko: str, en: str) -> Requirement:
    """The fact `name` must be `expected`; `ko`/`en` say what fails otherwise."""
    def test(facts: Mapping[str, Any], call: Mapping[str, Any]) -> Finding:
        value = facts.get(name)
        if not isinstance(value, bool):
            return _unknown(name)
        return ("meets", "", "") if value is expected else ("fails", ko, en)
    return test


def company_size(facts: Mapping[str, Any], call: Mapping[str, Any]) -> Finding:
    size = facts.get("company_size")
    if size in ("sme", "midsize"):
        return "meets", "", ""
    if size == "large":
        return "fails", "중소·중견기업이 아님", "not an SME or mid-sized company"
    return _unknown("company_size")


def no_exclusions(facts: Mapping[str, Any], call: Mapping[str, Any]) -> Finding:
    grounds = facts.get("exclusions")
    if not isinstance(grounds, list) or any(ground not in EXCLUSIONS for ground in grounds):
        return _unknown("exclusions")
    if grounds:
        return ("fails", "신청 제외 대상: " + ", ".join(EXCLUSIONS[g] for g in grounds),
                "excluded: " + ", ".join(grounds))
    return "meets", "", ""


def founded_3_years(facts: Mapping[str, Any], call: Mapping[str, Any]) -> Finding:
    founded, announced = _date(facts.get("founded")), _date(call.get("announced"))
    if founded is None or announced is None:
        return _unknown("founded" if founded is None else "announced")
    if founded > add_months(announced, -36):
        return "fails", "공고일 기준 설립 3년 미만", f"founded {founded}, less than 3 years before the call"
    return "meets", "", ""


def two_experts(facts: Mapping[str, Any], call: Mapping[str, Any]) -> Finding:
    experts = facts.get("experts_3y")
    if isinstance(experts, bool) or not isinstance(experts, int):
        return _unknown("experts_3y")
    if experts < 2:
        return "fails", f"경력 3년 이상 전문인력 {experts}명(2명 이상 필요)", f"{experts} experts, at least 2 needed"
    return "meets", "", ""


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
