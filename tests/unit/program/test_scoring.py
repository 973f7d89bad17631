"""Selection ranking: aggregation and rounding (OP-1), pass mark (R-SEL-3), ties (R-SEL-4), reserve list (R-SEL-5)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from mdap.domain.program.errors import PolicyInvalid, RubricInvalid, ScoreSheetInvalid
from mdap.domain.program.policy import SelectionPolicy
from mdap.domain.program.rubric import corrected_2022, template_2022
from mdap.domain.program.scoring import Entry, ScoreSheet, rank, sheet_totals, validate_sheet
from tests.unit.program.rounds import SIMPLE, entry, sheet

POLICY = SelectionPolicy()


def summary(policy: SelectionPolicy, *entries: Entry) -> list[tuple[str, int, str]]:
    return [(row.id, row.rank, row.status) for row in rank(policy, SIMPLE, entries).rows]


def test_r_sel_3_base_is_the_mean_of_the_evaluators_totals() -> None:
    row = rank(POLICY, SIMPLE, [entry("A", (20, 60), (25, 55), (30, 50))]).rows[0]
    assert (row.base, row.adopter_fit, row.bonus, row.total) == (Decimal(80), Decimal(25), Decimal(0), Decimal(80))


def test_op_1_trimmed_mean_drops_one_highest_and_one_lowest_total() -> None:
    scores = [(30, 70), (20, 50), (20, 40), (10, 30)]  # totals 100, 70, 60, 40
    trimmed = rank(SelectionPolicy(aggregation="trimmed_mean"), SIMPLE, [entry("A", *scores)]).rows[0]
    mean = rank(POLICY, SIMPLE, [entry("A", *scores)]).rows[0]
    assert trimmed.base == Decimal(65)
    assert mean.base == Decimal("67.5")
    assert trimmed.adopter_fit == Decimal(20)  # the adopter-fit sums 30, 20, 20, 10 trimmed the same way


def test_op_1_trimmed_mean_needs_three_evaluators() -> None:
    with pytest.raises(ScoreSheetInvalid) as refused:
        rank(SelectionPolicy(aggregation="trimmed_mean"), SIMPLE, [entry("A", (20, 60), (25, 55))])
    assert "application A" in str(refused.value)
    assert refused.value.field == "scores"


def test_scores_are_rounded_half_up_not_to_even() -> None:
    row = rank(POLICY, SIMPLE, [entry("A", (30, 54), (30, "54.25"))]).rows[0]  # mean 84.125
    assert row.base == Decimal("84.13")
    whole = rank(SelectionPolicy(score_decimals=0), SIMPLE, [entry("A", (30, 42), (30, 43))]).rows[0]  # 72.5
    assert whole.base == Decimal(73)


def test_r_elg_10_bonus_adds_five_points_to_the_total_only() -> None:
    row = rank(POLICY, SIMPLE, [entry("A", (20, 60), bonus=True)]).rows[0]
    assert (row.base, row.bonus, row.total) == (Decimal(80), Decimal(5), Decimal(85))


def test_op_1_pass_mark_on_base_or_on_total_with_bonus() -> None:
    near = entry("A", (20, 47), bonus=True)  # base 67, total 72
    assert summary(SelectionPolicy(pass_mark_on="base"), near) == [("A", 1, "below_pass_mark")]
    assert summary(SelectionPolicy(pass_mark_on="total"), near) == [("A", 1, "selected")]


def test_r_sel_3_highest_totals_at_the_pass_mark_are_selected_and_r_sel_5_the_rest_form_the_reserve_list() -> None:
    entries = [entry("A", (30, 60)), entry("B", (25, 60)), entry("C", (20, 60)), entry("D", (20, 55)),
               entry("E", (20, 51)), entry("F", (10, 59))]  # 90, 85, 80, 75, 71, 69
    ranking = rank(POLICY, SIMPLE, entries)
    assert [row.id for row in ranking.selected] == ["A", "B", "C"]
    assert [row.id for row in ranking.reserve_list] == ["D", "E"]
    assert [(row.id, row.status) for row in ranking.rows][-1] == ("F", "below_pass_mark")
    assert ranking.notes == []


def test_exactly_the_pass_mark_passes() -> None:
    assert summary(POLICY, entry("A", (20, 50))) == [("A", 1, "selected")]
    assert summary(POLICY, entry("A", (20, "49.99"))) == [("A", 1, "below_pass_mark")]


def test_r_sel_4_bonus_holder_wins_a_tie_on_total() -> None:
    holder = entry("Z", (20, 60), bonus=True)  # base 80 + 5
    other = entry("A", (30, 55))  # base 85, higher adopter fit
    assert summary(SelectionPolicy(places=1), other, holder) == [("Z", 1, "selected"), ("A", 2, "reserve")]


def test_r_sel_4_then_the_higher_adopter_fit_score_wins() -> None:
    assert summary(SelectionPolicy(places=1), entry("A", (20, 65)), entry("B", (25, 60))) == [
        ("B", 1, "selected"), ("A", 2, "reserve")]


def test_entries_still_tied_share_a_rank_and_the_next_rank_skips() -> None:
    entries = [entry("D", (20, 60)), entry("C", (25, 60)), entry("B", (25, 60)), entry("A", (30, 60))]
    assert summary(SelectionPolicy(places=3), *entries) == [
        ("A", 1, "selected"), ("B", 2, "selected"), ("C", 2, "selected"), ("D", 4, "reserve")]


def test_a_tie_across_the_last_place_is_left_to_staff_with_a_note_in_both_languages() -> None:
    entries = [entry("A", (30, 60)), entry("B", (25, 60)), entry("C", (25, 60)), entry("D", (20, 60))]
    ranking = rank(SelectionPolicy(places=2), SIMPLE, entries)
    assert [(row.id, row.rank, row.status) for row in ranking.rows] == [
        ("A", 1, "selected"), ("B", 2, "tie_unresolved"), ("C", 2, "tie_unresolved"), ("D", 4, "reserve")]
    assert len(ranking.notes) == 1
    assert "B, C" in ranking.notes[0]
    assert "staff must decide" in ranking.notes[0] and "담당자가 결정" in ranking.notes[0]
    assert ranking.selected == [ranking.rows[0]]


def test_r_rev_3_op_3_a_short_round_notes_the_places_left_for_an_additional_call() -> None:
    ranking = rank(POLICY, SIMPLE, [entry("A", (30, 60)), entry("B", (10, 40))])
    assert [row.status for row in ranking.rows] == ["selected", "below_pass_mark"]
    assert len(ranking.notes) == 1 and "2 of 3 places remain" in ranking.notes[0] and "R-REV-3" in ranking.notes[0]
    quiet = rank(SelectionPolicy(reopen_when_short=False), SIMPLE, [entry("A", (30, 60))])
    assert "additional call" not in quiet.notes[0]


def test_ranking_json_has_numbers_not_strings() -> None:
    ranking = rank(SelectionPolicy(places=1), SIMPLE, [entry("A", (30, 54), (30, "54.25"), bonus=True)])
    body = json.loads(json.dumps(ranking.as_json()))
    assert body == {"ranking": [{"id": "A", "base": 84.13, "bonus": 5, "total": 89.13, "adopter_fit": 30,
                                 "rank": 1, "status": "selected"}], "notes": []}
    assert isinstance(body["ranking"][0]["base"], float) and isinstance(body["ranking"][0]["rank"], int)


def test_op_2_ranking_against_the_printed_rubric_is_refused() -> None:
    with pytest.raises(RubricInvalid) as refused:
        rank(POLICY, template_2022(), [])
    assert "plan_fit" in str(refused.value)


def test_a_tie_break_category_missing_from_the_rubric_is_refused() -> None:
    with pytest.raises(PolicyInvalid) as refused:
        rank(SelectionPolicy(tie_break_category="supplier_fit"), SIMPLE, [entry("A", (30, 60))])
    assert refused.value.field == "tie_break_category"


@pytest.mark.parametrize("bad,field,words", [
    (ScoreSheet("e1", {"fit": Decimal(31), "plan": Decimal(60)}), "fit", ["31", "outside 0…30", "adopter_fit"]),
    (ScoreSheet("e1", {"fit": Decimal(-1), "plan": Decimal(60)}), "fit", ["-1"]),
    (ScoreSheet("e1", {"fit": Decimal(20)}), "plan", ["no points", "plan_fit"]),
    (ScoreSheet("e1", {"fit": Decimal(20), "plan": Decimal(60), "charm": Decimal(1)}), "charm", ["unknown item"]),
    (ScoreSheet("e1", {"fit": Decimal("NaN"), "plan": Decimal(60)}), "fit", ["not a number"]),
    (ScoreSheet("e1", {"fit": 20.5, "plan": Decimal(60)}), "fit", ["not a number"]),  # type: ignore[dict-item]
])
def test_a_sheet_that_cannot_be_counted_is_refused_naming_application_evaluator_and_item(
        bad: ScoreSheet, field: str, words: list[str]) -> None:
    with pytest.raises(ScoreSheetInvalid) as refused:
        rank(POLICY, SIMPLE, [Entry("APP-7", False, (bad,))])
    message = str(refused.value)
    assert "application APP-7" in message and "evaluator e1" in message and field in message
    assert all(word in message for word in words)
    assert refused.value.field == field
    assert "APP-7" in refused.value.message_ko


def test_one_evaluator_scoring_an_application_twice_is_refused() -> None:
    twice = Entry("A", False, (sheet("e1", 20, 60), sheet("e1", 25, 60)))
    with pytest.raises(ScoreSheetInvalid) as refused:
        rank(POLICY, SIMPLE, [twice])
    assert "evaluator e1" in str(refused.value) and refused.value.field == "evaluator"


def test_an_application_listed_twice_or_without_sheets_is_refused() -> None:
    with pytest.raises(ScoreSheetInvalid, match="appears twice"):
        rank(POLICY, SIMPLE, [entry("A", (20, 60)), entry("A", (20, 60))])
    with pytest.raises(ScoreSheetInvalid, match="0 score sheet"):
        rank(POLICY, SIMPLE, [Entry("A", False, ())])


def test_validate_sheet_alone_checks_a_submission_against_the_2022_rubric() -> None:
    corrected, _ = corrected_2022()
    full = ScoreSheet("e1", {item.id: item.max for item in corrected.items})
    validate_sheet(corrected, full, "A")
    assert sheet_totals(corrected, full) == (Decimal(100), {"adopter_fit": Decimal(30), "supplier_fit": Decimal(30),
                                                            "plan_fit": Decimal(40)})
    with pytest.raises(ScoreSheetInvalid):
        validate_sheet(corrected, ScoreSheet("e1", {**full.items, "creative_strategy": Decimal(11)}), "A")
    with pytest.raises(RubricInvalid):
        validate_sheet(template_2022(), full, "A")


def test_entries_read_from_json_with_exact_decimals() -> None:
    parsed = Entry.from_json({"id": "A", "bonus": True, "scores": [{"evaluator": "e1",
                                                                    "items": {"fit": 20.1, "plan": 60}}]})
    assert parsed == Entry("A", True, (ScoreSheet("e1", {"fit": Decimal("20.1"), "plan": Decimal(60)}),))
    with pytest.raises(ScoreSheetInvalid) as refused:
        Entry.from_json({"id": "A", "scores": [{"evaluator": "e1", "items": {"fit": "20"}}]})
    assert "application A, evaluator e1, item fit" in str(refused.value) and refused.value.field == "fit"
