"""The requirements review (요건검토, R-REV-1): the R-ELG checklist evaluated on declared facts, documents and
staff decisions, every result carrying its reason in Korean and English and the evidence to look at.

A staff `Decision` is keyed by check id (`"R-ELG-1"`) or, for one party of a check that concerns several, by
`"R-ELG-9/consulting_company"` (the more specific key wins). It overrides whatever the facts say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mdap.domain.program.eligibility_checks import BONUS_CHECK, CHECKS, Check
from mdap.domain.program.eligibility_facts import FACTS, Finding

__all__ = ["CHECKS", "FACTS", "CheckResult", "Checklist", "Decision", "evaluate"]

CheckStatus = Literal["passed", "failed", "needs_judgement"]
BONUS_PROGRAMS = {"deployment": (), "level_confirmation": ("bonus_certificate",)}


@dataclass(frozen=True)
class Decision:
    status: Literal["passed", "failed"]
    reason: str
    by: str


@dataclass(frozen=True)
class CheckResult:
    id: str
    status: CheckStatus
    reason_ko: str
    reason_en: str
    evidence: list[str]
    party: str = "adopter"
    decided_by: str | None = None

    @property
    def key(self) -> str:
        return f"{self.id}/{self.party}"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "party": self.party, "status": self.status, "reason_ko": self.reason_ko,
                "reason_en": self.reason_en, "evidence": list(self.evidence), "decided_by": self.decided_by}


@dataclass(frozen=True)
class Checklist:
    results: tuple[CheckResult, ...]
    bonus: CheckResult | None = field(default=None)

    @property
    def overall(self) -> Literal["eligible", "ineligible", "pending"]:
        statuses = {result.status for result in self.results}
        if "failed" in statuses:
            return "ineligible"
        return "eligible" if statuses <= {"passed"} else "pending"

    @property
    def bonus_confirmed(self) -> bool:
        """R-ELG-10 / R-SEL-4: the bonus counts only once staff confirmed it."""
        return self.bonus is not None and self.bonus.status == "passed"

    @property
    def needs_judgement(self) -> list[CheckResult]:
        return [result for result in (*self.results, self.bonus) if result and result.status == "needs_judgement"]

    def as_json(self) -> dict[str, Any]:
        return {"overall": self.overall, "results": [result.as_json() for result in self.results],
                "bonus": self.bonus.as_json() if self.bonus else None}


def evaluate(facts: Mapping[str, Any], documents: Mapping[str, Sequence[str]],
             decisions: Mapping[str, Decision]) -> Checklist:
    """`facts` and `documents` are grouped by party (see `eligibility_facts`); documents list R-DOC kinds."""
    call = facts.get("call") or {}
    parties = ("adopter", "supplier") if "supplier" in facts or "supplier" in documents else (
        "adopter", "solution_company", "consulting_company")
    results = tuple(_result(check, party, facts.get(party) or {}, call, documents.get(party, ()), decisions)
                    for check in CHECKS if not check.bonus for party in parties if party in check.applies_to)
    return Checklist(results, _bonus(facts.get("adopter") or {}, documents.get("adopter", ()), decisions))


def _result(check: Check, party: str, own: Mapping[str, Any], call: Mapping[str, Any], present: Sequence[str],
            decisions: Mapping[str, Decision]) -> CheckResult:
    decision = decisions.get(f"{check.id}/{party}") or decisions.get(check.id)
    if decision is not None:
        return _decided(check.id, party, check.evidence, decision)
    findings = [requirement(own, call) for requirement in check.requirements]
    return _from_findings(check, party, findings, [kind for kind in check.evidence if kind not in present])


def _from_findings(check: Check, party: str, findings: list[Finding], missing: list[str]) -> CheckResult:
    evidence = list(check.evidence)
    for outcome in ("fails", "unknown"):
        hits = [finding for finding in findings if finding[0] == outcome]
        if hits:
            status: CheckStatus = "failed" if outcome == "fails" else "needs_judgement"
            return CheckResult(check.id, status, "; ".join(h[1] for h in hits), "; ".join(h[2] for h in hits),
                               evidence, party)
    if check.decidable_from_facts:
        return CheckResult(check.id, "passed", "신고 사항이 요건을 충족함", "the declared facts meet the requirement",
                           evidence, party)
    return _awaiting_staff(check.id, party, evidence, missing, "신고 사항은 요건을 충족함",
                           "the declared facts meet the requirement")


def _awaiting_staff(check_id: str, party: str, evidence: list[str], missing: list[str], ko: str, en: str
                    ) -> CheckResult:
    shown = ", ".join(evidence) or "-"
    ko, en = f"{ko}. 담당자 확인 필요(증빙: {shown})", f"{en}; staff must check it (evidence: {shown})"
    if missing:
        ko, en = f"{ko}. 미제출 서류: {', '.join(missing)}", f"{en}; not yet uploaded: {', '.join(missing)}"
    return CheckResult(check_id, "needs_judgement", ko, en, evidence, party)


def _decided(check_id: str, party: str, evidence: Sequence[str], decision: Decision) -> CheckResult:
    return CheckResult(check_id, decision.status, f"담당자 결정({decision.by}): {decision.reason}",
                       f"decided by {decision.by}: {decision.reason}", list(evidence), party, decision.by)


def _bonus(adopter: Mapping[str, Any], present: Sequence[str], decisions: Mapping[str, Decision]
           ) -> CheckResult | None:
    """R-ELG-10: None when no bonus is claimed; otherwise awaiting staff until they decide."""
    program = adopter.get("bonus_program")
    if program is None:
        return None
    decision = decisions.get(f"{BONUS_CHECK.id}/adopter") or decisions.get(BONUS_CHECK.id)
    known = isinstance(program, str) and program in BONUS_PROGRAMS
    evidence = list(BONUS_PROGRAMS[program] if known else BONUS_CHECK.evidence)
    if decision is not None:
        return _decided(BONUS_CHECK.id, "adopter", evidence, decision)
    if not known:
        return CheckResult(BONUS_CHECK.id, "needs_judgement", f"가점 근거 '{program}'을(를) 알 수 없음",
                           f"unknown bonus program {program!r}", evidence)
    if not evidence:
        return _awaiting_staff(BONUS_CHECK.id, "adopter", [], [], "스마트공장 보급사업 참여 이력은 별도 서류 없음",
                               "deployment-program participation needs no document")
    return _awaiting_staff(BONUS_CHECK.id, "adopter", evidence, [k for k in evidence if k not in present],
                           "스마트공장 수준확인 증명서로 확인", "checked against the level-confirmation certificate")
