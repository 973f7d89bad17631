"""The consent text applicants read (개인정보 보호법 제15·17·22조): purpose, items, retention, the right to
refuse and its consequence, for each consent apart; required and optional never mixed and never pre-set."""

from __future__ import annotations

from typing import Any

VERSION = "2022-12-v1"
REFUSE_REQUIRED = "동의를 거부할 수 있으나, 거부 시 사업 신청이 불가합니다."
REFUSE_OPTIONAL = "동의를 거부할 수 있으며, 거부하더라도 신청에 불이익이 없습니다."

CONSENT_TEXT: dict[str, Any] = {
    "version": VERSION,
    "items": [
        {"id": "personal_info", "required": True, "title": "개인정보 수집·이용 동의 (필수)",
         "purpose": "지원사업 신청·접수, 요건검토, 선정평가, 협약 및 사후관리",
         "data": "성명, 소속, 직위, 이메일, 전화번호 (주민등록번호는 수집하지 않습니다)",
         "retention": "사업 종료 후 5년 (유지·관리 의무기간 종료 시까지)", "refusal": REFUSE_REQUIRED},
        {"id": "company_info", "required": True, "title": "기업정보 수집·이용 동의 (필수)",
         "purpose": "신청자격 확인(R-ELG) 및 지원금 산정",
         "data": "사업자등록번호, 기업명, 공장 소재지, 규모, 실적, 재무정보",
         "retention": "사업 종료 후 5년", "refusal": REFUSE_REQUIRED},
        {"id": "imate_sharing", "required": True, "title": "I-MATE 실시간 분석 데이터 제공 동의 (필수, R-ELG-5)",
         "purpose": "인천 제조기술 연계 플랫폼(I-MATE)과의 데이터 연계",
         "data": "도입공장 설비·공정 데이터(가명처리 후)", "retention": "동의 철회 시까지",
         "refusal": REFUSE_REQUIRED},
        {"id": "evaluator_sharing", "required": False, "title": "평가위원에 대한 신청서류 제공 동의 (선택)",
         "purpose": "선정평가를 위해 외부 평가위원이 신청서와 첨부서류를 열람",
         "data": "신청서, 사업계획서, 첨부서류", "retention": "평가 종료 시까지 (평가위원 열람 권한 회수)",
         "refusal": "동의를 거부할 수 있으나, 거부 시 평가위원이 서류를 볼 수 없어 평가에 불리할 수 있습니다."},
        {"id": "marketing", "required": False, "title": "사업 안내 수신 동의 (선택)",
         "purpose": "후속 지원사업 및 행사 안내", "data": "이메일", "retention": "동의 철회 시까지",
         "refusal": REFUSE_OPTIONAL},
    ],
}
