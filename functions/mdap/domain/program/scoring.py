"""Selection ranking (R-SEL-3/4/5, OP-1): aggregate the sheets, order, select, and form the reserve list.

- base = the aggregate of the evaluators' totals (mean, or trimmed mean without one highest and one lowest);
  the tie-break category's score (adopter fit) is the same aggregate of its per-sheet sums; both are rounded
  half up to `score_decimals`. total = base + the bonus (R-ELG-10) when the entry holds it.
- Order: total, then the bonus holder first, then the tie-break category; entries still tied share a rank
  (1, 2, 2, 4) and are listed by id, so the ranking never depends on input order.
- Among entries at the pass mark (on base or total, OP-1) the first `places` are selected; a tie across the
  last place is left to staff (`tie_unresolved`); the rest at the pass mark are the ranked reserve list.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Literal

from mdap.domain.program.errors import PolicyInvalid
from mdap.domain.program.policy import SelectionPolicy
from mdap.domain.program.rubric import Rubric
from mdap.domain.program.score_sheets import Entry, ScoreSheet, check_entries, sheet_totals, validate_sheet
from mdap.domain.program.values import to_json_number

__all__ = ["Entry", "RankedRow", "Ranking", "ScoreSheet", "Status", "rank", "sheet_totals", "validate_sheet"]

Status = Literal["selected", "reserve", "below_pass_mark", "tie_unresolved"]


@dataclass(frozen=True)
class RankedRow:
    id: str
    base: Decimal
    bonus: Decimal
    total: Decimal
    adopter_fit: Decimal
    rank: int
    status: Status

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "base": to_json_number(self.base), "bonus": to_json_number(self.bonus),
                "total": to_json_number(self.total), "adopter_fit": to_json_number(self.adopter_fit),
                "rank": self.rank, "status": self.status}


@dataclass(frozen=True)
class Ranking:
    rows: list[RankedRow]
    notes: list[str]

    @property
    def selected(self) -> list[RankedRow]:
        return [row for row in self.rows if row.status == "selected"]

    @property
    def reserve_list(self) -> list[RankedRow]:
        """R-SEL-5: at or above the pass mark but not selected, in rank order (promoted by R-PAY-2)."""
        return [row for row in self.rows if row.status == "reserve"]

    def as_json(self) -> dict[str, Any]:
        return {"ranking": [row.as_json() for row in self.rows], "notes": list(self.notes)}


@dataclass(frozen=True)
class _Scored:
    id: str
    bonus_holder: bool
    base: Decimal
    bonus: Decimal
    total: Decimal
    adopter_fit: Decimal

    def tie(self) -> tuple[Decimal, bool, Decimal]:
        return self.total, self.bonus_holder, self.adopter_fit


def rank(policy: SelectionPolicy, rubric: Rubric, entries: Sequence[Entry]) -> Ranking:
    """The ranked selection round; refuses an inconsistent rubric and any sheet that cannot be counted."""
    rubric.validate()
    if rubric.category(policy.tie_break_category) is None:
        raise PolicyInvalid(f"tie_break_category {policy.tie_break_category} is not a category of the rubric",
                            message_ko="동점 처리 기준 평가 항목이 평가표에 없습니다.", field="tie_break_category",
                            rule="R-SEL-4")
    check_entries(rubric, entries, minimum_sheets=3 if policy.aggregation == "trimmed_mean" else 1)
    scored = sorted((_score(policy, rubric, entry) for entry in entries),
                    key=lambda s: (-s.total, not s.bonus_holder, -s.adopter_fit, s.id))
    rows: list[RankedRow] = []
    notes: list[str] = []
    filled = 0
    for group in (list(tied) for _, tied in itertools.groupby(scored, key=_Scored.tie)):
        position = len(rows) + 1  # tied entries share the position of the first of them: 1, 2, 2, 4
        status, after = _group_status(policy, group[0], len(group), filled)
        if status == "tie_unresolved":
            notes.append(_tie_note(group, position, policy.places - filled))
        filled = after
        rows.extend(RankedRow(s.id, s.base, s.bonus, s.total, s.adopter_fit, position, status) for s in group)
    notes.extend(_unfilled_note(policy, filled))
    return Ranking(rows, notes)


def _score(policy: SelectionPolicy, rubric: Rubric, entry: Entry) -> _Scored:
    totals = [sheet_totals(rubric, sheet) for sheet in entry.sheets]
    base = _aggregate([total for total, _ in totals], policy)
    adopter_fit = _aggregate([categories[policy.tie_break_category] for _, categories in totals], policy)
    bonus = policy.bonus_points if entry.bonus else Decimal(0)
    return _Scored(entry.id, entry.bonus, base, bonus, _round(base + bonus, policy), adopter_fit)


def _aggregate(points: list[Decimal], policy: SelectionPolicy) -> Decimal:
    ordered = sorted(points)
    if policy.aggregation == "trimmed_mean":
        ordered = ordered[1:-1]
    with localcontext() as context:
        context.prec = 34
        mean = sum(ordered, Decimal(0)) / len(ordered)
    return _round(mean, policy)


def _round(value: Decimal, policy: SelectionPolicy) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-policy.score_decimals), rounding=ROUND_HALF_UP)


def _group_status(policy: SelectionPolicy, scored: _Scored, size: int, filled: int) -> tuple[Status, int]:
    """The status of a group of tied entries, and the places filled after it."""
    if (scored.base if policy.pass_mark_on == "base" else scored.total) < policy.pass_mark:
        return "below_pass_mark", filled
    if filled + size <= policy.places:
        return "selected", filled + size
    if filled < policy.places:
        return "tie_unresolved", policy.places
    return "reserve", filled


def _tie_note(group: list[_Scored], position: int, places_left: int) -> str:
    ids = ", ".join(s.id for s in group)
    return (f"{ids}: {position}위 동점으로 남은 선정 {places_left}자리를 가릴 수 없습니다"
            f"(가점·지원기업 적합성 비교 후에도 동점). 담당자가 결정해야 합니다. / "
            f"{ids} are tied at rank {position} for the last {places_left} place(s) after the bonus and "
            f"adopter-fit tie-breaks (R-SEL-4): staff must decide.")


def _unfilled_note(policy: SelectionPolicy, filled: int) -> list[str]:
    left = policy.places - filled
    if left <= 0:
        return []
    if policy.places_to_reopen(filled):
        return [f"선정 {policy.places}개사 중 {left}자리가 남아 추가 모집공고로 선정합니다(R-REV-3). / "
                f"{left} of {policy.places} places remain: an additional call fills them (R-REV-3, OP-3)."]
    return [f"선정 {policy.places}개사 중 {left}자리가 남습니다. / {left} of {policy.places} places remain unfilled."]

