"""The requirements-review checklist (R-ELG-1…10) as data: who each item concerns, its text, its evidence.

`decidable_from_facts` is True only where the call names no document to check: elsewhere declared facts can
fail an item but never pass it; staff decide after looking at the evidence (R-REV-1). Evidence ids are the
document kinds of R-DOC (`documents.KINDS`). The last item, R-ELG-10, is a bonus claim (`bonus=True`): it is
evaluated apart and never decides eligibility.
"""

from __future__ import annotations

from dataclasses import dataclass

from mdap.domain.program.eligibility_facts import (
    Requirement,
    company_size,
    flag,
    founded_3_years,
    no_exclusions,
    two_experts,
)

SUPPLIER_ROLES = ("supplier", "solution_company", "consulting_company")


@dataclass(frozen=True)
class Check:
    id: str
    applies_to: tuple[str, ...]
    text_ko: str
    text_en: str
    evidence: tuple[str, ...]
    decidable_from_facts: bool
    requirements: tuple[Requirement, ...]
    facts: tuple[str, ...]
    bonus: bool = False  # a bonus claim (R-ELG-10), not a condition of eligibility


BONUS_CHECK = Check(
    "R-ELG-10", ("adopter",), "'14년~'22년 스마트공장 보급 지원사업 또는 스마트공장 수준확인사업 참여기업 가점(5점)",
    "Bonus: took part in the smart-factory deployment or level-confirmation program in 2014-2022",
    ("bonus_certificate",), False, (), ("bonus_program",), bonus=True)
"""A bonus claim, not an eligibility item: participation is checked by staff without a document, a level
confirmation against its certificate (R-DOC-5)."""

CHECKS: tuple[Check, ...] = (
    Check("R-ELG-1", ("adopter",), "인천광역시 관내에 도입공장이 있는 중소·중견 제조기업(본사 위치 무관)",
          "SME or mid-sized manufacturer whose factory (not head office) is in Incheon",
          ("factory_registration", "business_registration"), False,
          (company_size, flag("factory_in_incheon", True, "도입공장이 인천 관내가 아님", "factory outside Incheon")),
          ("company_size", "factory_in_incheon")),
    Check("R-ELG-2", ("adopter",), "동일사업자·법인 중복지원 제외", "Same business or corporation not supported twice",
          (), True, (flag("supported_before", False, "동일사업자·법인 기지원", "supported before"),),
          ("supported_before",)),
    Check("R-ELG-3", ("adopter",), "상호출자제한기업집단 소속 기업(대기업) 제외", "Large business groups excluded",
          (), True, (flag("in_large_business_group", False, "상호출자제한기업집단 소속", "in a large business group"),),
          ("in_large_business_group",)),
    Check("R-ELG-4", ("adopter",), "MES 등 스마트공장 시스템 기구축, 공정 데이터 생산 및 네트워크 외부 공급 가능",
          "Runs MES or similar, produces process data and can supply it over a network", (), True,
          (flag("runs_mes", True, "MES 등 스마트공장 시스템 미구축", "no MES or similar system"),
           flag("network_data_supply", True, "네트워크를 통한 데이터 공급 불가", "cannot supply data over a network")),
          ("runs_mes", "network_data_supply")),
    Check("R-ELG-5", ("adopter",), "I-MATE에 분석 정보를 실시간 연계하는 데이터 제공 동의",
          "Consents to provide real-time analysis data to I-MATE", (), True,
          (flag("imate_consent", True, "I-MATE 데이터 제공 미동의", "no I-MATE consent"),), ("imate_consent",)),
    Check("R-ELG-6", ("adopter",),
          "신청 제외 대상(금융불량, 휴·폐업, 허위 기재, 중복 수행, 타 시 이전 계획, 제재 등)이 아님",
          "None of the exclusion grounds applies as of the call date", ("local_tax_certificate",), False,
          (no_exclusions,), ("exclusions",)),
    Check("R-ELG-7", ("solution_company", "supplier"),
          "제조데이터 수집·분석 솔루션 보유 또는 공급 실적, 최근 3년 내 수집 S/W 및 스마트공장 H/W 구축 실적",
          "Owns or supplied a manufacturing-data solution; collection software and smart-factory hardware record "
          "within 3 years", ("track_record",), False,
          (flag("solution_track_record", True, "솔루션 보유·공급 실적 없음", "no solution owned or supplied"),
           flag("sw_hw_record_3y", True, "최근 3년 내 S/W·H/W 구축 실적 없음", "no SW and HW record in 3 years")),
          ("solution_track_record", "sw_hw_record_3y")),
    Check("R-ELG-8", ("consulting_company", "supplier"),
          "종목이 컨설팅업 또는 컴퓨터시스템 통합자문 구축업, 직접 생산한 분석·AI 플랫폼 보유(직접생산 확인 증명서), "
          "GS 인증기준 품질, 최근 3년 내 데이터 분석·BM 컨설팅 실적",
          "Consulting or system-integration consulting category; own data-analysis or AI platform (direct-production "
          "certificate); GS-level software; data-analysis or BM consulting record within 3 years",
          ("business_registration", "track_record"), False,
          (flag("consulting_category", True, "종목이 컨설팅업이 아님", "business category is not consulting"),
           flag("own_platform", True, "직접 생산한 분석 플랫폼 없음", "no self-produced analysis platform"),
           flag("gs_certified", True, "GS 인증기준 미달", "software below GS criteria"),
           flag("consulting_record_3y", True, "최근 3년 내 컨설팅 실적 없음", "no consulting record in 3 years")),
          ("consulting_category", "own_platform", "gs_certified", "consulting_record_3y")),
    Check("R-ELG-9", SUPPLIER_ROLES, "공고일 기준 설립 3년 이상, 경력 3년 이상 전문인력 2인 이상 참여",
          "Founded at least 3 years before the call; at least 2 experts with 3+ years each on the project",
          ("business_registration", "staff_cv", "social_insurance_roster"), False,
          (founded_3_years, two_experts), ("founded", "experts_3y", "announced")),
    BONUS_CHECK,
)
