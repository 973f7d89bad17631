"""Evaluators' score sheets (평가표 채점) and the applications they score; checked against the rubric (R-SEL-2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from mdap.domain.program import values
from mdap.domain.program.errors import ScoreSheetInvalid
from mdap.domain.program.rubric import Rubric
from mdap.domain.program.values import show


@dataclass(frozen=True)
class ScoreSheet:
    """One evaluator's points per rubric item for one application."""

    evaluator: str
    items: Mapping[str, Decimal]

    @classmethod
    def from_json(cls, data: object, application_id: str = "?") -> ScoreSheet:
        """`{"evaluator": …, "items": {ITEM_ID: points}}`; refusals name the application and evaluator."""
        where = f"application {application_id}, score sheet"
        body = values.mapping(data, where, _refuse, allowed=("evaluator", "items"), required=("evaluator", "items"))
        evaluator = values.text(body["evaluator"], f"{where} evaluator", _refuse_as("evaluator"))
        where = f"application {application_id}, evaluator {evaluator}"
        points = values.mapping(body["items"], f"{where}, items", _refuse_as("items"), allowed=None)
        return cls(evaluator, {str(item): values.number(value, f"{where}, item {item}", _refuse_as(str(item)))
                               for item, value in points.items()})


@dataclass(frozen=True)
class Entry:
    """An application in the selection evaluation: whether its bonus (R-ELG-10) is confirmed, and its sheets."""

    id: str
    bonus: bool
    sheets: tuple[ScoreSheet, ...]

    @classmethod
    def from_json(cls, data: object, where: str = "application") -> Entry:
        """`{"id": …, "bonus": true|false, "scores": [{"evaluator": …, "items": {ITEM_ID: points}}]}`."""
        body = values.mapping(data, where, _refuse, allowed=("id", "bonus", "scores"), required=("id", "scores"))
        entry_id = values.text(body["id"], f"{where} id", _refuse_as("id"))
        bonus = values.boolean(body.get("bonus", False), f"application {entry_id}, bonus", _refuse_as("bonus"))
        sheets = values.array(body["scores"], f"application {entry_id}, scores", _refuse_as("scores"))
        return cls(entry_id, bonus, tuple(ScoreSheet.from_json(sheet, entry_id) for sheet in sheets))


def validate_sheet(rubric: Rubric, sheet: ScoreSheet, application_id: str) -> None:
    """Refuses a sheet with an unknown or missing item or points outside 0…the item's maximum.

    The rubric itself must add up (RubricInvalid otherwise): no sheet is accepted against an inconsistent one.
    """
    rubric.validate()
    where = f"application {application_id}, evaluator {sheet.evaluator}"
    if not sheet.evaluator.strip():
        raise ScoreSheetInvalid(f"application {application_id}: a score sheet names no evaluator",
                                message_ko=f"신청 {application_id}: 평가위원이 지정되지 않은 점수표입니다.",
                                field="evaluator")
    known = {item.id for item in rubric.items}
    for item_id in sheet.items:
        if item_id not in known:
            raise ScoreSheetInvalid(f"{where}: unknown item {item_id}",
                                    message_ko=f"신청 {application_id}, 평가위원 {sheet.evaluator}: 평가표에 없는 "
                                               f"항목 {item_id}", field=item_id)
    for item in rubric.items:
        _check_points(rubric, sheet, item.id, where)


def _check_points(rubric: Rubric, sheet: ScoreSheet, item_id: str, where: str) -> None:
    item, category = rubric.item(item_id), rubric.category_of(item_id)
    named = f"{where}, item {item_id} (category {category.id})"
    if item_id not in sheet.items:
        raise ScoreSheetInvalid(f"{named}: no points given", field=item_id,
                                message_ko=f"{where}: {category.id}/{item_id} 항목 점수가 없습니다.")
    points = sheet.items[item_id]
    if not isinstance(points, Decimal | int) or isinstance(points, bool) or not Decimal(points).is_finite():
        raise ScoreSheetInvalid(f"{named}: {points!r} is not a number", field=item_id,
                                message_ko=f"{where}: {category.id}/{item_id} 항목 점수가 숫자가 아닙니다.")
    if not 0 <= points <= item.max:
        raise ScoreSheetInvalid(f"{named}: {points} is outside 0…{show(item.max)}", field=item_id,
                                message_ko=f"{where}: {category.id}/{item_id} 항목 점수 {points}은(는) "
                                           f"0~{show(item.max)} 범위를 벗어납니다.")


def sheet_totals(rubric: Rubric, sheet: ScoreSheet) -> tuple[Decimal, dict[str, Decimal]]:
    """A sheet's total and its sum per category (for a sheet `validate_sheet` accepted)."""
    by_category = {category.id: sum((Decimal(sheet.items[item.id]) for item in category.items), Decimal(0))
                   for category in rubric.categories}
    return sum(by_category.values(), Decimal(0)), by_category


def check_entries(rubric: Rubric, entries: Sequence[Entry], *, minimum_sheets: int) -> None:
    """Every application once, each with at least `minimum_sheets` valid sheets from distinct evaluators."""
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ScoreSheetInvalid(f"application {entry.id} appears twice", field="id",
                                    message_ko=f"신청 {entry.id}이(가) 두 번 들어 있습니다.")
        seen.add(entry.id)
        _check_entry(rubric, entry, minimum_sheets)


def _check_entry(rubric: Rubric, entry: Entry, minimum_sheets: int) -> None:
    evaluators: set[str] = set()
    for sheet in entry.sheets:
        validate_sheet(rubric, sheet, entry.id)
        if sheet.evaluator in evaluators:
            raise ScoreSheetInvalid(f"application {entry.id}, evaluator {sheet.evaluator}: scored twice",
                                    message_ko=f"신청 {entry.id}: 평가위원 {sheet.evaluator}의 점수표가 중복됩니다.",
                                    field="evaluator")
        evaluators.add(sheet.evaluator)
    if len(entry.sheets) < minimum_sheets:
        raise ScoreSheetInvalid(f"application {entry.id}: {len(entry.sheets)} score sheet(s), at least "
                                f"{minimum_sheets} needed", field="scores",
                                message_ko=f"신청 {entry.id}: 평가위원 점수표가 {minimum_sheets}개 이상 필요합니다"
                                           f"(현재 {len(entry.sheets)}개).")


def _refuse(message: str, message_ko: str, field: str) -> ScoreSheetInvalid:
    return ScoreSheetInvalid(message, message_ko=message_ko, field=field)


def _refuse_as(field: str) -> values.Refusal:
    """A refusal whose `field` is the short name of the input (the message carries where it is)."""
    return lambda message, message_ko, _where: ScoreSheetInvalid(message, message_ko=message_ko, field=field)
