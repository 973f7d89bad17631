"""What each policy setting answers, in English and Korean: the text of `policy.POLICY_FIELDS`.

Each entry: setting → (the rule or open point it answers, English explanation, Korean explanation).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class PolicyField:
    name: str
    policy: Literal["selection", "program"]
    answers: str  # the rule or open point of PROGRAM_RULES.md
    default: Any
    en: str
    ko: str


def describe(cls: type[Any], kind: Literal["selection", "program"]) -> dict[str, PolicyField]:
    """A PolicyField per field of the policy dataclass `cls`; every field must have its text below."""
    described = {}
    for field in dataclasses.fields(cls):
        answers, en, ko = FIELD_TEXT[field.name]
        described[field.name] = PolicyField(field.name, kind, answers, field.default, en, ko)
    return described


FIELD_TEXT: dict[str, tuple[str, str, str]] = {
    "places": ("R-SEL-3", "Number of applications selected in the round.", "선정평가에서 선정하는 기업 수."),
    "pass_mark": ("R-SEL-3", "Lowest score that can be selected or put on the reserve list.",
                  "선정 또는 후순위가 될 수 있는 최저 점수."),
    "pass_mark_on": ("OP-1", "Whether the pass mark applies to the 100-point score ('base') or to the score with "
                             "the bonus ('total').",
                     "합격 기준점을 100점 만점 점수(base)에 적용할지 가점 포함 점수(total)에 적용할지."),
    "aggregation": ("OP-1", "How evaluators' totals combine: the mean of all ('mean') or the mean without the "
                            "highest and lowest ('trimmed_mean', needs 3 evaluators).",
                    "평가위원 점수 집계 방식: 전체 평균(mean) 또는 최고·최저점 제외 평균(trimmed_mean, 3인 이상)."),
    "bonus_points": ("R-ELG-10", "Points added for a confirmed smart-factory program participation.",
                     "스마트공장 보급·수준확인 사업 참여가 확인된 기업의 가점."),
    "score_decimals": ("R-SEL-3", "Decimal places scores are rounded to (half up) before comparing.",
                       "점수 비교 전 반올림하는 소수 자릿수(사사오입)."),
    "screening_ratio": ("R-REV-2", "Document screening is added when applicants are at least this many times the "
                                   "places.", "신청 기업 수가 선정 기업 수의 이 배수 이상이면 서류평가를 추가한다."),
    "screening_advance": ("OP-4", "How many applications go on from document screening (none: twice the places).",
                          "서류평가 통과 기업 수(미지정 시 선정 기업 수의 2배)."),
    "quorum": ("R-SEL-1", "Evaluators whose score sheets a round needs before it is ranked (panel of at most 5).",
               "순위 결정 전에 필요한 평가위원 점수표 수(평가위원회 5인 이내)."),
    "tie_break_category": ("R-SEL-4", "Rubric category whose score breaks a tie after the bonus holder.",
                           "가점 보유 여부 다음으로 동점을 가리는 평가 항목."),
    "reopen_when_short": ("OP-3", "When fewer are selected than the places, those present are evaluated and an "
                                  "additional call opens for the rest.",
                          "선정 기업이 모집 수보다 적으면 신청 기업을 먼저 평가하고 나머지는 추가 모집공고한다."),
    "term_months": ("R-PRG-2", "Agreement term in months from the signing day.", "협약 체결일부터의 협약기간(개월)."),
    "max_extension_months": ("R-PRG-2", "Longest total extension of the term, with agency approval.",
                             "인천TP 승인 시 가능한 협약기간 최대 연장(개월, 합계)."),
    "grant_cap_krw": ("R-PRG-1", "Most the city pays per adopter, VAT excluded (KRW).",
                      "기업당 인천시 지원금 한도(원, 부가세 제외)."),
    "payment_window_days": ("R-PAY-1", "Days after signing within which the grant must be requested.",
                            "협약체결일부터 지원금 지급신청 기한(일)."),
    "final_evaluation_days": ("R-FIN-3", "Days after the final report within which the final evaluation is held.",
                              "최종보고서 제출 후 최종평가 기한(일)."),
    "plan_change_cutoff_months": ("R-AGR-3", "Months before the term ends after which plans cannot change; the "
                                             "final report is due then too (R-FIN-2).",
                                  "협약기간 종료 전 사업계획 변경 마감(개월); 최종보고서 제출 기한과 같다."),
    "obligation_years": ("R-OBL-3", "Years the adopter maintains the deliverables after the success verdict.",
                         "성공 판정일부터 도입기업의 결과물 유지·관리 의무 기간(년)."),
    "insurance_extra_months": ("R-PAY-3", "Months the guarantee insurance runs beyond the term.",
                               "이행(지급)보증보험 보험기간의 협약기간 초과분(개월)."),
}
