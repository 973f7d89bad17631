"""The 2022 call's selection rubric (선정평가표) as printed, and the correction of its flaw (OP-2).

Plain data read by `rubric.template_2022()` and `rubric.corrected_2022()`:
(category id, max, Korean label, English label, ((item id, max, Korean label, English label), …)).
"""

from __future__ import annotations

PRINTED: tuple[tuple[str, int, str, str, tuple[tuple[str, int, str, str], ...]], ...] = (
    ("adopter_fit", 30, "지원기업 적합성", "Adopter fit", (
        ("adopter_commitment", 15, "지원기업의 사업 추진(참여) 의지", "Adopter's commitment to the project"),
        ("existing_systems_fit", 15, "지원기업의 기구축 시스템, 현황이 제조데이터 지원사업 추진 적합 여부",
         "Adopter's existing systems suit the program"),
    )),
    ("supplier_fit", 30, "공급기업, 컨설팅기업 적합성", "Supplier and consultant fit", (
        ("supplier_technology_fit", 10, "공급기업이 보유한 기술·지식의 사업 적합성 여부",
         "Supplier's technology and knowledge fit the project"),
        ("consulting_method", 10, "컨설팅기업의 컨설팅 수행방법의 적절성",
         "Consulting method: goals fit, systematic procedure"),
        ("staffing_expertise", 10, "제조데이터 활성화 지원사업에 적합한 전문인력 투입 여부",
         "Qualified experts assigned to the project"),
    )),
    ("plan_fit", 40, "사업계획 적합성", "Plan fit", (
        ("plan_feasibility", 10, "지원기업의 현황에 적합한 사업계획 제시 및 구현 가능 여부",
         "Plan fits the adopter and is feasible"),
        ("training_consulting", 10, "교육 대상에 따른 교육·컨설팅 방안의 적정성",
         "Training and consulting approach suits its audience"),
        ("budget_appropriateness", 10, "사업계획 내 사업비 적정 책정 여부", "Budget is set appropriately"),
        ("creative_strategy", 5, "사업 수행을 위한 창의적이고 타당한 대안 등 사업 추진전략의 우수성",
         "Creative, sound strategy for carrying out the project"),
    )),
)

CORRECTED_ITEM = "creative_strategy"
CORRECTED_MAX = 10
CORRECTION_NOTE = (
    "공고의 선정평가표는 '사업계획 적합성'을 40점으로 표기하였으나 세부 항목 합계가 35점이므로, "
    "'사업 추진전략의 우수성' 배점을 5점에서 10점으로 정정하여 항목 합계 40점, 총점 100점으로 평가함. "
    "The call's rubric prints plan fit as 40 points while its items add up to 35 (OP-2); the creative-strategy "
    "item is raised from 5 to 10 points so that plan fit is 40 and the total 100."
)
