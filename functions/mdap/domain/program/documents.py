"""Required documents (R-DOC) and what an upload may be: per-kind file types and the 20 MB limit.

Kinds are the call's documents; ``required_documents`` says which each member of an application must provide
before it can be submitted. The content check (``looks_like``) compares a file's first bytes with its declared
type: the platform's built-in scan, and the place where a malware scanner's verdict is combined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024

# file type -> (content types, first bytes)
TYPES: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "pdf": (("application/pdf",), (b"%PDF-",)),
    "hwp": (("application/x-hwp", "application/haansofthwp", "application/vnd.hancom.hwp"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "hwpx": (("application/hwp+zip", "application/vnd.hancom.hwpx"), (b"PK\x03\x04",)),
    "jpg": (("image/jpeg",), (b"\xff\xd8\xff",)),
    "png": (("image/png",), (b"\x89PNG\r\n\x1a\n",)),
    "xlsx": (("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",), (b"PK\x03\x04",)),
}
_PAPERS = ("pdf", "hwp", "hwpx", "jpg", "png")


@dataclass(frozen=True)
class DocumentKind:
    id: str
    label_ko: str
    rule: str
    types: tuple[str, ...] = _PAPERS


KINDS: dict[str, DocumentKind] = {kind.id: kind for kind in (
    DocumentKind("application_form", "사업신청서 및 사업계획서", "R-DOC-1"),
    DocumentKind("consent_form", "개인·기업정보 수집·이용 동의서", "R-DOC-1"),
    DocumentKind("business_registration", "사업자등록증", "R-DOC-2"),
    DocumentKind("factory_registration", "공장등록증", "R-DOC-2"),
    DocumentKind("local_tax_certificate", "지방세 납세증명서", "R-DOC-2"),
    DocumentKind("financial_statements", "표준재무제표", "R-DOC-2"),
    DocumentKind("track_record", "실적 증빙", "R-DOC-3"),
    DocumentKind("staff_cv", "참여인력 이력서", "R-DOC-3"),
    DocumentKind("social_insurance_roster", "4대보험 가입자 명부", "R-DOC-3"),
    DocumentKind("budget_breakdown", "소프트웨어 개발비 산정 내역", "R-DOC-4", (*_PAPERS, "xlsx")),
    DocumentKind("quote", "견적서", "R-DOC-4"),
    DocumentKind("bonus_certificate", "수준확인서 (가점 증빙)", "R-DOC-5"),
    DocumentKind("payment_request", "지원금 지급신청서", "R-PAY-1"),
    DocumentKind("bank_account", "통장 사본", "R-PAY-1"),
    DocumentKind("guarantee_insurance", "이행(지급)보증보험증권", "R-PAY-3"),
    DocumentKind("final_report", "최종(결과)보고서", "R-FIN-2"),
)}

_BY_ROLE = {
    "adopter": ("application_form", "consent_form", "business_registration", "factory_registration",
                "local_tax_certificate"),
    "supplier": ("business_registration", "track_record", "staff_cv", "social_insurance_roster"),
    "solution_company": ("business_registration", "track_record", "staff_cv", "social_insurance_roster"),
    "consulting_company": ("business_registration", "track_record", "staff_cv", "social_insurance_roster"),
}
_BUDGET = ("budget_breakdown", "quote")  # R-DOC-4, provided by the applicant of record


class UploadRefused(ValueError):
    """The file cannot be accepted as this kind of document; ``message_ko`` says why, ``field`` what."""

    def __init__(self, message: str, message_ko: str, field: str) -> None:
        super().__init__(message)
        self.message_ko = message_ko
        self.field = field


def file_type(kind_id: str, filename: str, content_type: str, size: int) -> str:
    """The file's type if ``kind_id`` accepts it at this size, else UploadRefused (checked before upload)."""
    kind = KINDS.get(kind_id)
    if kind is None:
        raise UploadRefused(f"unknown document kind {kind_id!r}", f"알 수 없는 서류 종류입니다: {kind_id}", "kind")
    extension = filename.rpartition(".")[2].lower().replace("jpeg", "jpg")
    if extension not in kind.types or content_type.split(";")[0].strip().lower() not in TYPES[extension][0]:
        allowed = ", ".join(t.upper() for t in kind.types)
        raise UploadRefused(f"{kind_id} takes {allowed} files, not {filename} ({content_type})",
                            f"{kind.label_ko}은(는) {allowed} 파일만 올릴 수 있습니다.", "content_type")
    if not 0 < size <= MAX_BYTES:
        raise UploadRefused(f"files must be 1 byte to 20 MB, this one is {size} bytes",
                            "파일 크기는 20MB 이하여야 합니다.", "size")
    return extension


def looks_like(extension: str, head: bytes) -> bool:
    """Do the file's first bytes match its declared type?"""
    return any(head.startswith(magic) for magic in TYPES[extension][1])


def required_documents(roles: Iterable[str], *, bonus_claimed: bool) -> dict[str, tuple[str, ...]]:
    """role -> the document kinds that role must upload before the application can be submitted."""
    needed = {role: _BY_ROLE[role] for role in roles}
    if "adopter" in needed:
        needed["adopter"] = (*needed["adopter"], *_BUDGET, *(("bonus_certificate",) if bonus_claimed else ()))
    return needed


def missing_documents(required: Mapping[str, tuple[str, ...]], present: Mapping[str, Iterable[str]]
                      ) -> dict[str, list[str]]:
    """role -> kinds still missing (an empty mapping when complete)."""
    missing = {role: [kind for kind in kinds if kind not in set(present.get(role, ()))]
               for role, kinds in required.items()}
    return {role: kinds for role, kinds in missing.items() if kinds}
