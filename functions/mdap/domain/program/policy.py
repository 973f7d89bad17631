"""Per-call settings: every choice the call leaves open (OP-1, OP-3, OP-4) is an explicit, documented field.

`POLICY_FIELDS` describes each setting (the rule or open point it answers, its default, English and Korean text).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from mdap.domain.program import values
from mdap.domain.program.errors import PolicyInvalid
from mdap.domain.program.policy_fields import PolicyField, describe

PassMarkOn = Literal["base", "total"]
Aggregation = Literal["mean", "trimmed_mean"]
_Check = tuple[bool, str, str]  # (holds, field, requirement)


def _refuse(message: str, message_ko: str, field: str) -> PolicyInvalid:
    return PolicyInvalid(message, message_ko=message_ko, field=field)


def _enforce(checks: list[_Check], values_by_field: Mapping[str, Any]) -> None:
    for holds, field, requirement in checks:
        if not holds:
            raise PolicyInvalid(f"{field} must be {requirement}, not {values_by_field[field]!r}",
                                message_ko=f"설정값 {field}이(가) 올바르지 않습니다: {requirement}", field=field)


@dataclass(frozen=True)
class SelectionPolicy:
    """How a selection round ranks and selects (R-SEL-3/4, R-REV-2, OP-1, OP-3, OP-4)."""

    places: int = 3
    pass_mark: Decimal = Decimal(70)
    pass_mark_on: PassMarkOn = "base"
    aggregation: Aggregation = "mean"
    bonus_points: Decimal = Decimal(5)
    score_decimals: int = 2
    screening_ratio: int = 2
    screening_advance: int | None = None
    quorum: int = 3
    tie_break_category: str = "adopter_fit"
    reopen_when_short: bool = True

    def __post_init__(self) -> None:
        _enforce([
            (self.places >= 1, "places", "at least 1"),
            (self.pass_mark >= 0, "pass_mark", "zero or more"),
            (self.pass_mark_on in ("base", "total"), "pass_mark_on", "'base' or 'total'"),
            (self.aggregation in ("mean", "trimmed_mean"), "aggregation", "'mean' or 'trimmed_mean'"),
            (self.bonus_points >= 0, "bonus_points", "zero or more"),
            (0 <= self.score_decimals <= 6, "score_decimals", "between 0 and 6"),
            (self.screening_ratio >= 1, "screening_ratio", "at least 1"),
            (self.screening_advance is None or self.screening_advance >= self.places, "screening_advance",
             "null or at least the places"),
            (1 <= self.quorum <= 5, "quorum", "between 1 and 5 (R-SEL-1)"),
            (self.aggregation != "trimmed_mean" or self.quorum >= 3, "quorum", "at least 3 for a trimmed mean"),
            (bool(self.tie_break_category.strip()), "tie_break_category", "a rubric category id"),
        ], dataclasses.asdict(self))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SelectionPolicy:
        return cls(**_parse(data, "policy", _SELECTION_PARSERS))

    def as_json(self) -> dict[str, Any]:
        return _as_json(self)

    def needs_screening(self, applicants: int) -> bool:
        """R-REV-2: document screening when applicants are at least `screening_ratio` × places."""
        return applicants >= self.screening_ratio * self.places

    def advancing_from_screening(self) -> int:
        """OP-4: how many go on from document screening."""
        return self.screening_advance if self.screening_advance is not None else 2 * self.places

    def quorum_met(self, sheets: int) -> bool:
        return sheets >= self.quorum

    def places_to_reopen(self, selected: int) -> int:
        """OP-3 / R-REV-3: places an additional call should offer once the round has selected `selected`."""
        return max(0, self.places - selected) if self.reopen_when_short else 0


@dataclass(frozen=True)
class ProgramPolicy:
    """Terms, deadlines and amounts of the agreement stage (R-PRG, R-PAY, R-FIN, R-AGR, R-OBL)."""

    term_months: int = 9
    max_extension_months: int = 3
    grant_cap_krw: int = 80_000_000
    payment_window_days: int = 14
    final_evaluation_days: int = 14
    plan_change_cutoff_months: int = 1
    obligation_years: int = 5
    insurance_extra_months: int = 3

    def __post_init__(self) -> None:
        _enforce([
            (self.term_months >= 1, "term_months", "at least 1"),
            (self.max_extension_months >= 0, "max_extension_months", "zero or more"),
            (self.grant_cap_krw >= 0, "grant_cap_krw", "zero or more"),
            (self.payment_window_days >= 1, "payment_window_days", "at least 1"),
            (self.final_evaluation_days >= 1, "final_evaluation_days", "at least 1"),
            (0 <= self.plan_change_cutoff_months < self.term_months, "plan_change_cutoff_months",
             "zero or more and shorter than the term"),
            (self.obligation_years >= 0, "obligation_years", "zero or more"),
            (self.insurance_extra_months >= 0, "insurance_extra_months", "zero or more"),
        ], dataclasses.asdict(self))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProgramPolicy:
        parsers = {field.name: _integer for field in dataclasses.fields(cls)}
        return cls(**_parse(data, "program_policy", parsers))

    def as_json(self) -> dict[str, Any]:
        return _as_json(self)


def _integer(value: object, field: str) -> int:
    return values.integer(value, field, _refuse)


def _optional_integer(value: object, field: str) -> int | None:
    return None if value is None else _integer(value, field)


_Parser = Callable[[object, str], Any]
_SELECTION_PARSERS: dict[str, _Parser] = {
    "places": _integer,
    "pass_mark": lambda value, field: values.number(value, field, _refuse),
    "pass_mark_on": lambda value, field: values.choice(value, field, ("base", "total"), _refuse),
    "aggregation": lambda value, field: values.choice(value, field, ("mean", "trimmed_mean"), _refuse),
    "bonus_points": lambda value, field: values.number(value, field, _refuse),
    "score_decimals": _integer,
    "screening_ratio": _integer,
    "screening_advance": _optional_integer,
    "quorum": _integer,
    "tie_break_category": lambda value, field: values.text(value, field, _refuse),
    "reopen_when_short": lambda value, field: values.boolean(value, field, _refuse),
}


def _parse(data: Mapping[str, Any], name: str, parsers: Mapping[str, _Parser]) -> dict[str, Any]:
    body = values.mapping(data, name, _refuse, allowed=parsers)
    return {key: parsers[key](value, key) for key, value in body.items()}


def _as_json(policy: SelectionPolicy | ProgramPolicy) -> dict[str, Any]:
    return {key: values.to_json_number(value) if isinstance(value, Decimal) else value
            for key, value in dataclasses.asdict(policy).items()}


POLICY_FIELDS: dict[str, PolicyField] = {**describe(SelectionPolicy, "selection"), **describe(ProgramPolicy, "program")}
