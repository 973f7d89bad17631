"""Properties of the selection ranking that hold for any round (R-SEL-3/4/5, OP-1)."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mdap.domain.program.policy import SelectionPolicy
from mdap.domain.program.scoring import Entry, Ranking, ScoreSheet, rank
from tests.unit.program.rounds import SIMPLE

# Few distinct points so that ties are common.
FIT = st.sampled_from([Decimal(v) for v in ("10", "20", "25", "30")])
PLAN = st.sampled_from([Decimal(v) for v in ("40", "50", "55", "60", "62.5", "70")])


@st.composite
def policies(draw: st.DrawFn) -> SelectionPolicy:
    return SelectionPolicy(places=draw(st.integers(1, 4)), pass_mark=draw(st.sampled_from([Decimal(60), Decimal(70),
                                                                                           Decimal(85)])),
                           pass_mark_on=draw(st.sampled_from(["base", "total"])),
                           aggregation=draw(st.sampled_from(["mean", "trimmed_mean"])),
                           score_decimals=draw(st.integers(0, 2)))


@st.composite
def rounds(draw: st.DrawFn) -> tuple[SelectionPolicy, list[Entry]]:
    policy = draw(policies())
    fewest = 3 if policy.aggregation == "trimmed_mean" else 1
    entries = []
    for number in range(draw(st.integers(0, 8))):
        sheets = tuple(ScoreSheet(f"e{index}", {"fit": draw(FIT), "plan": draw(PLAN)})
                       for index in range(draw(st.integers(fewest, 5))))
        entries.append(Entry(f"APP-{number:02d}", draw(st.booleans()), sheets))
    return policy, entries


def passes(policy: SelectionPolicy, row: object) -> bool:
    return bool(getattr(row, policy.pass_mark_on) >= policy.pass_mark)


@settings(max_examples=200, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_ranking_is_independent_of_the_order_of_entries_and_sheets(round_: tuple[SelectionPolicy, list[Entry]],
                                                                  shuffler: random.Random) -> None:
    policy, entries = round_
    shuffled = [Entry(e.id, e.bonus, tuple(shuffler.sample(e.sheets, len(e.sheets)))) for e in entries]
    shuffler.shuffle(shuffled)
    assert rank(policy, SIMPLE, shuffled) == rank(policy, SIMPLE, entries)


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_statuses_partition_the_entries_and_respect_the_pass_mark_and_places(
        round_: tuple[SelectionPolicy, list[Entry]]) -> None:
    policy, entries = round_
    ranking: Ranking = rank(policy, SIMPLE, entries)
    assert sorted(row.id for row in ranking.rows) == sorted(entry.id for entry in entries)
    assert {row.status for row in ranking.rows} <= {"selected", "reserve", "below_pass_mark", "tie_unresolved"}
    assert len(ranking.selected) <= policy.places
    assert all(passes(policy, row) for row in ranking.rows if row.status != "below_pass_mark")
    assert not any(passes(policy, row) for row in ranking.rows if row.status == "below_pass_mark")
    assert [row.rank for row in ranking.rows] == sorted(row.rank for row in ranking.rows)
    assert [row.total for row in ranking.rows] == sorted((row.total for row in ranking.rows), reverse=True)


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_no_reserve_ranks_above_a_selected_entry_and_places_are_filled_when_enough_pass(
        round_: tuple[SelectionPolicy, list[Entry]]) -> None:
    policy, entries = round_
    ranking = rank(policy, SIMPLE, entries)
    selected_ranks = [row.rank for row in ranking.selected]
    reserve_ranks = [row.rank for row in ranking.reserve_list]
    assert not selected_ranks or not reserve_ranks or max(selected_ranks) < min(reserve_ranks)
    passing = [row for row in ranking.rows if row.status != "below_pass_mark"]
    unresolved = [row for row in ranking.rows if row.status == "tie_unresolved"]
    if not unresolved:
        assert len(ranking.selected) == min(policy.places, len(passing))
    else:
        assert len(ranking.selected) + len(unresolved) > policy.places
        assert len({row.rank for row in unresolved}) == 1
        assert len(ranking.notes) >= 1
