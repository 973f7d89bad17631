"""A Pareto chart's rows: categories by size, largest first, each with its share and the cumulative share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ParetoRow:
    category: tuple[str | None, ...]
    amount: float
    share: float
    cumulative_share: float


def pareto(counts: Sequence[tuple[tuple[str | None, ...], float]]) -> list[ParetoRow]:
    """Largest first; ties in the categories' order (missing names last), so the answer is stable."""
    ordered = sorted(counts, key=lambda c: (-c[1], tuple((v is None, v or "") for v in c[0])))
    total = sum(amount for _, amount in ordered)
    rows, running = [], 0.0
    for category, amount in ordered:
        running += amount
        rows.append(ParetoRow(category, amount, amount / total if total else 0.0,
                              running / total if total else 0.0))
    return rows
