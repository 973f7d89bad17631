"""The alarm state model: NORMAL → ACTIVE → ACKNOWLEDGED → CLEARED, every other move refused by name; checked on
examples and on random sequences of moves (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdap.domain.monitoring.alarms import (
    TRANSITIONS,
    Alarm,
    AlarmState,
    Condition,
    Severity,
    acknowledge,
    advance,
    clear,
    follow,
    raise_alarm,
    reconcile,
)
from mdap.domain.monitoring.errors import IllegalAlarmTransition

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STALE = Condition("demo", "collector.stale", "edge-01", Severity.WARNING, "신호 없음", "no signal")
OFFLINE = Condition("demo", "collector.stale", "edge-01", Severity.CRITICAL, "오프라인", "offline")


def test_an_alarm_is_raised_acknowledged_by_a_person_and_cleared() -> None:
    raised = raise_alarm("a1", STALE, T0)
    assert (raised.state, raised.severity, raised.acknowledged_by) == (AlarmState.ACTIVE, Severity.WARNING, None)
    acked = acknowledge(raised, "kim@factory.kr", T0 + timedelta(seconds=30))
    assert (acked.state, acked.acknowledged_by, acked.acknowledged_at) == (
        AlarmState.ACKNOWLEDGED, "kim@factory.kr", T0 + timedelta(seconds=30))
    cleared = clear(acked, T0 + timedelta(minutes=5))
    assert cleared.state is AlarmState.CLEARED and cleared.cleared_at == T0 + timedelta(minutes=5)
    assert cleared.acknowledged_by == "kim@factory.kr"
    assert [(s.state, s.by) for s in cleared.history] == [
        (AlarmState.ACTIVE, "monitoring"), (AlarmState.ACKNOWLEDGED, "kim@factory.kr"),
        (AlarmState.CLEARED, "monitoring")]


def test_acknowledging_twice_changes_nothing_and_keeps_the_first_person() -> None:
    acked = acknowledge(raise_alarm("a1", STALE, T0), "kim@factory.kr", T0)
    assert acknowledge(acked, "lee@agency.kr", T0 + timedelta(hours=1)) is acked
    cleared = clear(acked, T0 + timedelta(hours=2))
    assert acknowledge(cleared, "lee@agency.kr", T0 + timedelta(hours=3)) is cleared


def test_an_alarm_that_cleared_unacknowledged_cannot_be_acknowledged_any_more() -> None:
    cleared = clear(raise_alarm("a1", STALE, T0), T0 + timedelta(minutes=1))
    with pytest.raises(IllegalAlarmTransition) as refused:
        acknowledge(cleared, "kim@factory.kr", T0 + timedelta(minutes=2))
    assert refused.value.code == "illegal_alarm_transition" and "해제됨" in refused.value.message_ko


def test_a_cleared_alarm_is_over_and_a_normal_condition_cannot_be_cleared() -> None:
    cleared = clear(raise_alarm("a1", STALE, T0), T0)
    for move in (lambda: clear(cleared, T0), lambda: follow(cleared, OFFLINE, T0)):
        with pytest.raises(IllegalAlarmTransition):
            move()
    with pytest.raises(IllegalAlarmTransition):
        advance(AlarmState.NORMAL, AlarmState.CLEARED)
    with pytest.raises(IllegalAlarmTransition):
        advance(AlarmState.ACTIVE, AlarmState.ACTIVE)


def test_an_open_alarm_follows_its_condition_severity_without_changing_state() -> None:
    acked = acknowledge(raise_alarm("a1", STALE, T0), "kim@factory.kr", T0)
    escalated = follow(acked, OFFLINE, T0 + timedelta(minutes=2))
    assert (escalated.state, escalated.severity, escalated.summary_ko) == (
        AlarmState.ACKNOWLEDGED, Severity.CRITICAL, "오프라인")


def test_reconcile_raises_follows_clears_or_leaves_alone() -> None:
    assert reconcile(None, None, T0, "x") is None
    change, raised = reconcile(None, STALE, T0, "a1")  # type: ignore[misc]
    assert change == "raised" and raised.state is AlarmState.ACTIVE and raised.id == "a1"
    assert reconcile(raised, STALE, T0, "a2") is None
    assert reconcile(raised, OFFLINE, T0, "a2")[0] == "updated"  # type: ignore[index]
    change, cleared = reconcile(raised, None, T0, "a2")  # type: ignore[misc]
    assert change == "cleared" and cleared.state is AlarmState.CLEARED


def test_an_alarm_survives_its_json_unchanged() -> None:
    alarm = clear(acknowledge(raise_alarm("a1", STALE, T0), "kim@factory.kr", T0), T0 + timedelta(seconds=1))
    assert Alarm.of(alarm.as_json()) == alarm


MOVES = st.lists(st.sampled_from(["acknowledge", "clear", "follow", "raise"]), max_size=12)


@given(MOVES)
def test_random_moves_only_ever_follow_the_model(moves: list[str]) -> None:
    """Whatever is tried in whatever order: a move the model allows happens, any other is refused by name and
    changes nothing; the history is the path taken; who acknowledged stays once set."""
    alarm: Alarm | None = None
    now = T0
    for move in moves:
        now += timedelta(seconds=7)
        before = alarm
        try:
            alarm = _apply(alarm, move, now)
        except IllegalAlarmTransition:
            assert alarm is before
            continue
        if alarm is None:
            continue
        states = [step.state for step in alarm.history]
        assert states[0] is AlarmState.ACTIVE and states[-1] is alarm.state
        assert all(b in TRANSITIONS[a] for a, b in pairwise(states))
        assert (alarm.acknowledged_by is not None) == (AlarmState.ACKNOWLEDGED in states)
        if before is not None and before.id == alarm.id and before.acknowledged_by is not None:
            assert alarm.acknowledged_by == before.acknowledged_by
        assert (alarm.cleared_at is not None) == (alarm.state is AlarmState.CLEARED)


def _apply(alarm: Alarm | None, move: str, now: datetime) -> Alarm | None:
    if move == "raise":
        if alarm is not None and alarm.is_open:
            raise IllegalAlarmTransition("one open alarm per condition")
        return raise_alarm(f"a{now.timestamp():.0f}", STALE, now)
    if alarm is None:
        advance(AlarmState.NORMAL, {"acknowledge": AlarmState.ACKNOWLEDGED, "clear": AlarmState.CLEARED,
                                    "follow": AlarmState.ACTIVE}[move])
        return None
    if move == "acknowledge":
        return acknowledge(alarm, "kim@factory.kr", now)
    if move == "clear":
        return clear(alarm, now)
    return follow(alarm, OFFLINE, now)
