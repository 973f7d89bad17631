"""Who takes part in an application (R-PRG-4): single = adopter + one supplier qualified for both solution and
consulting; consortium = adopter + solution company + consulting company. A supplier brings 1–3 adopters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mdap.domain.program.brn import check_brn
from mdap.domain.program.errors import RuleViolation

Role = Literal["adopter", "supplier", "solution_company", "consulting_company"]
Kind = Literal["single", "consortium"]
MAX_ADOPTERS_PER_SUPPLIER = 3

ROLE_LABELS_KO: dict[str, str] = {"adopter": "도입기업", "supplier": "공급기업", "solution_company": "솔루션기업",
                                  "consulting_company": "컨설팅기업"}
QUALIFICATION_LABELS_KO: dict[str, str] = {"solution": "솔루션기업 자격요건", "consulting": "컨설팅기업 자격요건"}

# kind -> the roles it needs, each exactly once, with the qualifications its holder must meet
NEEDED: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "single": (("adopter", frozenset()), ("supplier", frozenset({"solution", "consulting"}))),
    "consortium": (("adopter", frozenset()), ("solution_company", frozenset({"solution"})),
                   ("consulting_company", frozenset({"consulting"}))),
}


@dataclass(frozen=True)
class Member:
    org_id: str
    name: str
    brn: str
    role: Role
    qualifications: frozenset[str] = frozenset()


def check_participation(kind: Kind, members: Sequence[Member]) -> None:
    """Refuses (RuleViolation, R-PRG-4, field "members") naming every role or qualification missing."""
    if kind not in NEEDED:
        raise RuleViolation(f"participation must be single or consortium, not {kind!r}",
                            message_ko="참여방식은 단독 또는 컨소시엄이어야 합니다.", field="kind", rule="R-PRG-4")
    brns = [check_brn(member.brn, f"members[{index}].brn") for index, member in enumerate(members)]
    problems = _role_problems(kind, members)
    if len(set(brns)) != len(brns):
        problems.append(("the same company appears in two roles", "같은 기업이 두 역할로 참여할 수 없음"))
    if problems:
        raise RuleViolation(f"{kind} participation: " + "; ".join(en for en, _ in problems),
                            message_ko=f"{'단독' if kind == 'single' else '컨소시엄'} 참여 구성 오류: "
                                       + "; ".join(ko for _, ko in problems), field="members", rule="R-PRG-4")


def _role_problems(kind: str, members: Sequence[Member]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    needed = dict(NEEDED[kind])
    for role, qualifications in NEEDED[kind]:
        holders = [member for member in members if member.role == role]
        label = ROLE_LABELS_KO[role]
        if len(holders) != 1:
            problems.append((f"needs exactly one {role}, found {len(holders)}",
                             f"{label} 1개사가 필요함(현재 {len(holders)}개사)"))
        for member in holders:
            for missing in sorted(qualifications - member.qualifications):
                problems.append((f"{role} {member.name} lacks the {missing} qualification",
                                 f"{label} {member.name}: {QUALIFICATION_LABELS_KO[missing]} 미충족"))
    for member in members:
        if member.role not in needed:
            problems.append((f"{member.name} cannot take part as {member.role}",
                             f"{member.name}: {ROLE_LABELS_KO.get(member.role, member.role)}(으)로 참여할 수 없음"))
    return problems


def check_supplier_load(supplier_brn: str, applications_in_call: int) -> None:
    """R-PRG-4: a supplier brings 1–3 adopters to a call. `applications_in_call` counts the supplier's
    applications in the call including the one being filed: a 4th is refused."""
    brn = check_brn(supplier_brn, "supplier_brn")
    if applications_in_call > MAX_ADOPTERS_PER_SUPPLIER:
        raise RuleViolation(f"supplier {brn} would take part in {applications_in_call} applications of this call;"
                            f" at most {MAX_ADOPTERS_PER_SUPPLIER}",
                            message_ko=f"공급기업은 한 공고에 도입기업 최대 {MAX_ADOPTERS_PER_SUPPLIER}개사까지 "
                                       f"참여할 수 있습니다(이번 신청 포함 {applications_in_call}건).",
                            field="members", rule="R-PRG-4")
