"""Evaluation rubrics (평가표): categories of items with maximum points that must add up (R-SEL-2, OP-2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from mdap.domain.program import rubric_2022, values
from mdap.domain.program.errors import RubricInvalid
from mdap.domain.program.values import show


@dataclass(frozen=True)
class Item:
    id: str
    max: Decimal
    label_ko: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    max: Decimal
    items: tuple[Item, ...]
    label_ko: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class Rubric:
    categories: tuple[Category, ...]
    total: Decimal = Decimal(100)

    def problems(self) -> list[str]:
        """Everything that keeps this rubric from being scored against, each naming its category or item."""
        return list(self._problems)

    @cached_property
    def _problems(self) -> tuple[str, ...]:  # a rubric is immutable: checked once, however many sheets
        found = [f"rubric: {kind} id {name} appears {count} times" for kind, ids in self._ids().items()
                 for name, count in Counter(ids).items() if count > 1]
        if not self.categories:
            found.append("rubric: it has no categories")
        if self.total <= 0:
            found.append(f"rubric: the total must be above 0, not {show(self.total)}")
        for category in self.categories:
            found.extend(_category_problems(category))
        added = sum((category.max for category in self.categories), Decimal(0))
        if self.categories and added != self.total:
            found.append(f"rubric: categories add up to {show(added)}, the total says {show(self.total)}")
        return tuple(found)

    def validate(self) -> None:
        """Refuses (RubricInvalid with every problem) a rubric that does not add up: OP-2, never scored silently."""
        problems = list(self._problems)
        if problems:
            raise RubricInvalid(problems, message_ko="평가표의 배점 합계가 맞지 않습니다: " + "; ".join(problems))

    def item(self, item_id: str) -> Item:
        return self._located(item_id)[0]

    def category_of(self, item_id: str) -> Category:
        return self._located(item_id)[1]

    def category(self, category_id: str) -> Category | None:
        return next((category for category in self.categories if category.id == category_id), None)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for category in self.categories for item in category.items)

    @cached_property
    def _index(self) -> dict[str, tuple[Item, Category]]:
        """item id -> (item, its category); the first wins where ids repeat (problems() reports that)."""
        index: dict[str, tuple[Item, Category]] = {}
        for category in self.categories:
            for item in category.items:
                index.setdefault(item.id, (item, category))
        return index

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Rubric:
        """Reads the shape `{"total": 100, "categories": [{"id", "max", "items": [{"id", "max"}]}]}`; the sums
        are checked by `validate`, not here, so an inconsistent rubric can still be loaded and shown."""
        body = values.mapping(data, "rubric", _refuse, allowed=("total", "categories"), required=("categories",))
        total = values.number(body.get("total", 100), "rubric.total", _refuse)
        categories = values.array(body["categories"], "rubric.categories", _refuse)
        return cls(tuple(_category_from_json(raw, f"rubric.categories[{index}]")
                         for index, raw in enumerate(categories)), total)

    def as_json(self) -> dict[str, Any]:
        return {"total": values.to_json_number(self.total),
                "categories": [{**_part_json(category), "items": [_part_json(item) for item in category.items]}
                               for category in self.categories]}

    def _ids(self) -> dict[str, list[str]]:
        return {"category": [category.id for category in self.categories], "item": [item.id for item in self.items]}

    def _located(self, item_id: str) -> tuple[Item, Category]:
        found = self._index.get(item_id)
        if found is None:
            raise RubricInvalid([f"rubric: no item {item_id}"], message_ko=f"평가표에 없는 항목입니다: {item_id}",
                                field=item_id)
        return found


def _category_problems(category: Category) -> list[str]:
    found = [f"category {category.id}: item {item.id} must have a maximum above 0, not {show(item.max)}"
             for item in category.items if item.max <= 0]
    if category.max <= 0:
        found.append(f"category {category.id}: the maximum must be above 0, not {show(category.max)}")
    if not category.items:
        found.append(f"category {category.id}: it has no items")
        return found
    added = sum((item.max for item in category.items), Decimal(0))
    if added != category.max:
        found.append(f"category {category.id}: items add up to {show(added)}, the category says {show(category.max)}")
    return found


def _refuse(message: str, message_ko: str, field: str) -> RubricInvalid:
    return RubricInvalid([message], message_ko=message_ko, field=field)


def _labels(body: Mapping[str, Any], where: str) -> dict[str, str]:
    return {key: values.string(body[key], f"{where}.{key}", _refuse) for key in ("label_ko", "label_en") if key in body}


def _item_from_json(raw: object, where: str) -> Item:
    body = values.mapping(raw, where, _refuse, allowed=("id", "max", "label_ko", "label_en"), required=("id", "max"))
    return Item(values.text(body["id"], f"{where}.id", _refuse), values.number(body["max"], f"{where}.max", _refuse),
                **_labels(body, where))


def _category_from_json(raw: object, where: str) -> Category:
    body = values.mapping(raw, where, _refuse, allowed=("id", "max", "items", "label_ko", "label_en"),
                          required=("id", "max", "items"))
    items = values.array(body["items"], f"{where}.items", _refuse)
    return Category(values.text(body["id"], f"{where}.id", _refuse),
                    values.number(body["max"], f"{where}.max", _refuse),
                    tuple(_item_from_json(item, f"{where}.items[{index}]") for index, item in enumerate(items)),
                    **_labels(body, where))


def _part_json(part: Item | Category) -> dict[str, Any]:
    body: dict[str, Any] = {"id": part.id, "max": values.to_json_number(part.max)}
    body.update({key: getattr(part, key) for key in ("label_ko", "label_en") if getattr(part, key)})
    return body


def template_2022() -> Rubric:
    """The rubric exactly as printed in the 2022 call (R-SEL-2), flaw included: it does not validate (OP-2)."""
    return Rubric(tuple(
        Category(category_id, Decimal(top), tuple(Item(item_id, Decimal(points), item_ko, item_en)
                                                  for item_id, points, item_ko, item_en in items), ko, en)
        for category_id, top, ko, en, items in rubric_2022.PRINTED))


def corrected_2022() -> tuple[Rubric, str]:
    """The printed rubric with the creative-strategy item raised from 5 to 10, and the sentence recording it."""
    printed = template_2022()
    fixed = tuple(Category(category.id, category.max,
                           tuple(_with_max(item) for item in category.items), category.label_ko, category.label_en)
                  for category in printed.categories)
    return Rubric(fixed, printed.total), rubric_2022.CORRECTION_NOTE


def _with_max(item: Item) -> Item:
    if item.id != rubric_2022.CORRECTED_ITEM:
        return item
    return Item(item.id, Decimal(rubric_2022.CORRECTED_MAX), item.label_ko, item.label_en)
