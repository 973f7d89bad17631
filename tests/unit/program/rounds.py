"""Small rubrics and score sheets for the selection tests: a sheet's total is `fit + plan`."""

from __future__ import annotations

from decimal import Decimal

from mdap.domain.program.rubric import Category, Item, Rubric
from mdap.domain.program.scoring import Entry, ScoreSheet

SIMPLE = Rubric((
    Category("adopter_fit", Decimal(30), (Item("fit", Decimal(30)),)),
    Category("plan_fit", Decimal(70), (Item("plan", Decimal(70)),)),
))


def sheet(evaluator: str, fit: float | int | str, plan: float | int | str) -> ScoreSheet:
    return ScoreSheet(evaluator, {"fit": Decimal(str(fit)), "plan": Decimal(str(plan))})


def entry(entry_id: str, *scores: tuple[float | int | str, float | int | str], bonus: bool = False) -> Entry:
    """An application scored by evaluators e1, e2, … with (fit, plan) points each."""
    return Entry(entry_id, bonus, tuple(sheet(f"e{index}", fit, plan) for index, (fit, plan) in enumerate(scores, 1)))
