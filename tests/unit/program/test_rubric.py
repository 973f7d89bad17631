"""Rubrics must add up before anything is scored against them (R-SEL-2, OP-2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mdap.domain.program.errors import RubricInvalid
from mdap.domain.program.rubric import Category, Item, Rubric, corrected_2022, template_2022


def test_r_sel_2_the_printed_2022_rubric_is_refused_naming_the_op_2_flaw() -> None:
    printed = template_2022()
    assert printed.problems() == ["category plan_fit: items add up to 35, the category says 40"]
    with pytest.raises(RubricInvalid) as refused:
        printed.validate()
    assert refused.value.problems == ["category plan_fit: items add up to 35, the category says 40"]
    assert "plan_fit" in refused.value.message_ko


def test_r_sel_2_the_printed_rubric_is_the_calls_text() -> None:
    printed = template_2022()
    assert [(c.id, int(c.max)) for c in printed.categories] == [("adopter_fit", 30), ("supplier_fit", 30),
                                                                 ("plan_fit", 40)]
    assert [item.max for item in printed.items] == [15, 15, 10, 10, 10, 10, 10, 10, 5]
    assert printed.total == 100
    assert printed.categories[0].label_ko == "지원기업 적합성"
    assert printed.item("creative_strategy").label_ko.startswith("사업 수행을 위한 창의적이고 타당한 대안")
    assert all(item.label_ko and item.label_en for item in printed.items)


def test_op_2_the_corrected_rubric_validates_and_records_the_correction() -> None:
    corrected, note = corrected_2022()
    corrected.validate()
    assert corrected.item("creative_strategy").max == 10
    assert corrected.category_of("creative_strategy").max == 40
    assert "5점에서 10점" in note and "from 5 to 10" in note
    assert [item.id for item in corrected.items] == [item.id for item in template_2022().items]


def test_every_problem_is_reported_at_once_and_names_its_category() -> None:
    rubric = Rubric((
        Category("a", Decimal(50), (Item("x", Decimal(20)), Item("x", Decimal(20)))),
        Category("b", Decimal(0), (Item("y", Decimal(-1)),)),
        Category("c", Decimal(10), ()),
    ))
    problems = rubric.problems()
    assert "rubric: item id x appears 2 times" in problems
    assert "category a: items add up to 40, the category says 50" in problems
    assert "category b: item y must have a maximum above 0, not -1" in problems
    assert "category b: the maximum must be above 0, not 0" in problems
    assert "category c: it has no items" in problems
    assert "rubric: categories add up to 60, the total says 100" in problems


def test_categories_must_add_up_to_the_total() -> None:
    rubric = Rubric((Category("a", Decimal(40), (Item("x", Decimal(40)),)),), Decimal(50))
    assert rubric.problems() == ["rubric: categories add up to 40, the total says 50"]
    assert Rubric((Category("a", Decimal(50), (Item("x", Decimal(50)),)),), Decimal(50)).problems() == []


def test_an_unknown_item_is_refused_by_name() -> None:
    with pytest.raises(RubricInvalid) as refused:
        template_2022().item("charm")
    assert refused.value.field == "charm"
    with pytest.raises(RubricInvalid):
        template_2022().category_of("charm")


def test_json_round_trip_keeps_ids_points_and_labels() -> None:
    corrected, _ = corrected_2022()
    data = corrected.as_json()
    assert data["total"] == 100
    assert data["categories"][2]["items"][3] == {"id": "creative_strategy", "max": 10,
                                                 "label_ko": corrected.item("creative_strategy").label_ko,
                                                 "label_en": corrected.item("creative_strategy").label_en}
    assert Rubric.from_json(data) == corrected


def test_from_json_defaults_the_total_to_100_and_keeps_an_inconsistent_rubric_for_display() -> None:
    rubric = Rubric.from_json({"categories": [{"id": "a", "max": 40, "items": [{"id": "x", "max": 35}]}]})
    assert rubric.total == 100
    assert "category a: items add up to 35, the category says 40" in rubric.problems()


@pytest.mark.parametrize("data,field", [
    ({}, "rubric.categories"),
    ({"categories": {}}, "rubric.categories"),
    ({"categories": [{"id": "a", "max": "40", "items": []}]}, "rubric.categories[0].max"),
    ({"categories": [{"id": "", "max": 40, "items": []}]}, "rubric.categories[0].id"),
    ({"categories": [{"id": "a", "max": 40, "items": [{"id": "x"}]}]}, "rubric.categories[0].items[0].max"),
    ({"categories": [{"id": "a", "max": 40, "items": [], "weight": 1}]}, "rubric.categories[0].weight"),
    ({"categories": [], "total": None}, "rubric.total"),
])
def test_from_json_refuses_a_malformed_rubric_naming_where(data: dict[str, Any], field: str) -> None:
    with pytest.raises(RubricInvalid) as refused:
        Rubric.from_json(data)
    assert refused.value.field == field
