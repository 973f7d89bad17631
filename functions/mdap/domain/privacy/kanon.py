"""The k-anonymity report: how small the smallest group of rows sharing all quasi-identifiers is.

A dataset released outside the factory is k-anonymous when every combination of quasi-identifier values is shared
by at least k rows; the report says whether that holds and how many rows sit in smaller groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KAnonymityReport:
    quasi_identifiers: tuple[str, ...]
    k_target: int
    k: int  # the smallest class size (0 for no rows)
    rows: int
    classes: int
    classes_below_target: int
    rows_below_target: int

    @property
    def satisfied(self) -> bool:
        return self.rows == 0 or self.k >= self.k_target

    def as_dict(self) -> dict[str, Any]:
        return {"quasi_identifiers": list(self.quasi_identifiers), "k_target": self.k_target, "k": self.k,
                "rows": self.rows, "classes": self.classes, "classes_below_target": self.classes_below_target,
                "rows_below_target": self.rows_below_target, "satisfied": self.satisfied}


def k_anonymity_report(quasi_identifiers: Sequence[str], class_sizes: Iterable[int], k_target: int) -> KAnonymityReport:
    sizes = [size for size in class_sizes if size > 0]
    small = [size for size in sizes if size < k_target]
    return KAnonymityReport(tuple(quasi_identifiers), k_target, min(sizes, default=0), sum(sizes), len(sizes),
                            len(small), sum(small))
