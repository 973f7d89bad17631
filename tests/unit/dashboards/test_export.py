"""CSV export: a BOM for Excel, formula-looking text defused, numbers left as numbers; the Pareto's order."""

from __future__ import annotations

import csv
import io

import pytest

from mdap.domain.dashboards.pareto import pareto
from mdap.domain.export import BOM, safe_cell, to_csv


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_text_gets_a_leading_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_plain_values_are_kept() -> None:
    assert [safe_cell(v) for v in ("사출1라인", -1.5, 3, None, True)] == ["사출1라인", "-1.5", "3", "", "true"]


def test_the_file_starts_with_a_bom_and_reads_back() -> None:
    text = to_csv(["line", "oee"], [["사출1라인", 0.25], ["=cmd", None]])
    assert text.startswith(BOM) and text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(text.removeprefix(BOM)))) == [["line", "oee"], ["사출1라인", "0.25"],
                                                                      ["'=cmd", ""]]


def test_pareto_orders_largest_first_with_cumulative_share() -> None:
    rows = pareto([(("D-2",), 1), ((None,), 1), (("D-1",), 2)])
    assert [(r.category, r.amount, r.share, r.cumulative_share) for r in rows] == [
        (("D-1",), 2, 0.5, 0.5), (("D-2",), 1, 0.25, 0.75), ((None,), 1, 0.25, 1.0)]
    assert pareto([]) == []
