"""An alarm's life: NORMAL → ACTIVE → ACKNOWLEDGED → CLEARED.

A condition (site, rule, subject) is NORMAL while no alarm of it is open. When its rule holds, an alarm is raised
(ACTIVE); a person acknowledges it (ACKNOWLEDGED: who and when are kept); when the rule no longer holds it is
CLEARED, acknowledged or not, and that occurrence is over: the next time the rule holds is a new alarm. While open,
an alarm follows its condition's severity and wording. Every other move is refused with IllegalAlarmTransition.
Acknowledging is idempotent: acknowledging an acknowledged alarm (open or cleared) changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from mdap.domain.monitoring.errors import IllegalAlarmTransition


class AlarmState(StrEnum):
    NORMAL = "NORMAL"
    ACTIVE = "ACTIVE"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    CLEARED = "CLEARED"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


TRANSITIONS: Mapping[AlarmState, frozenset[AlarmState]] = {
    AlarmState.NORMAL: frozenset({AlarmState.ACTIVE}),
    AlarmState.ACTIVE: frozenset({AlarmState.ACKNOWLEDGED, AlarmState.CLEARED}),
    AlarmState.ACKNOWLEDGED: frozenset({AlarmState.CLEARED}),
    AlarmState.CLEARED: frozenset(),
}
OPEN = frozenset({AlarmState.ACTIVE, AlarmState.ACKNOWLEDGED})
LABELS_KO = {AlarmState.NORMAL: "정상", AlarmState.ACTIVE: "발생", AlarmState.ACKNOWLEDGED: "확인됨",
             AlarmState.CLEARED: "해제됨"}
SYSTEM = "monitoring"  # the actor of moves the rules make


@dataclass(frozen=True)
class Condition:
    """A rule that holds now for one subject of one site (rules return only those that hold)."""

    site: str
    rule: str  # e.g. "collector.stale"
    subject: str  # e.g. a device, "device/source", a dataset
    severity: Severity
    summary_ko: str
    summary_en: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.site, self.rule, self.subject


@dataclass(frozen=True)
class Step:
    state: AlarmState
    at: datetime
    by: str


@dataclass(frozen=True)
class Alarm:
    id: str
    site: str
    rule: str
    subject: str
    severity: Severity
    state: AlarmState
    summary_ko: str
    summary_en: str
    raised_at: datetime
    updated_at: datetime
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    cleared_at: datetime | None = None
    history: tuple[Step, ...] = field(default=())

    @property
    def key(self) -> tuple[str, str, str]:
        return self.site, self.rule, self.subject

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "site": self.site, "rule": self.rule, "subject": self.subject,
                "severity": self.severity.value, "state": self.state.value, "summary_ko": self.summary_ko,
                "summary_en": self.summary_en, "raised_at": self.raised_at.isoformat(),
                "updated_at": self.updated_at.isoformat(), "acknowledged_by": self.acknowledged_by,
                "acknowledged_at": _iso(self.acknowledged_at), "cleared_at": _iso(self.cleared_at),
                "history": [{"state": s.state.value, "at": s.at.isoformat(), "by": s.by} for s in self.history]}

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Alarm:
        return cls(id=str(data["id"]), site=str(data["site"]), rule=str(data["rule"]), subject=str(data["subject"]),
                   severity=Severity(data["severity"]), state=AlarmState(data["state"]),
                   summary_ko=str(data["summary_ko"]), summary_en=str(data["summary_en"]),
                   raised_at=datetime.fromisoformat(data["raised_at"]),
                   updated_at=datetime.fromisoformat(data["updated_at"]),
                   acknowledged_by=data.get("acknowledged_by"), acknowledged_at=_time(data.get("acknowledged_at")),
                   cleared_at=_time(data.get("cleared_at")),
                   history=tuple(Step(AlarmState(s["state"]), datetime.fromisoformat(s["at"]), str(s["by"]))
                                 for s in data.get("history", ())))


def advance(current: AlarmState, to: AlarmState) -> AlarmState:
    """``to`` when the model allows current → to; IllegalAlarmTransition naming both otherwise."""
    if to not in TRANSITIONS[current]:
        raise IllegalAlarmTransition(
            f"an alarm cannot go from {current} to {to}",
            message_ko=f"'{LABELS_KO[current]}' 상태의 알람은 '{LABELS_KO[to]}' 상태로 바꿀 수 없습니다.",
            field="state")
    return to


def raise_alarm(alarm_id: str, condition: Condition, now: datetime) -> Alarm:
    """NORMAL → ACTIVE: a new occurrence of ``condition``."""
    state = advance(AlarmState.NORMAL, AlarmState.ACTIVE)
    return Alarm(id=alarm_id, site=condition.site, rule=condition.rule, subject=condition.subject,
                 severity=condition.severity, state=state, summary_ko=condition.summary_ko,
                 summary_en=condition.summary_en, raised_at=now, updated_at=now, history=(Step(state, now, SYSTEM),))


def acknowledge(alarm: Alarm, who: str, now: datetime) -> Alarm:
    """ACTIVE → ACKNOWLEDGED by ``who``; an alarm acknowledged before stays as it is (idempotent)."""
    if alarm.acknowledged_at is not None:
        return alarm
    state = advance(alarm.state, AlarmState.ACKNOWLEDGED)
    return replace(alarm, state=state, acknowledged_by=who, acknowledged_at=now, updated_at=now,
                   history=(*alarm.history, Step(state, now, who)))


def clear(alarm: Alarm, now: datetime) -> Alarm:
    """ACTIVE or ACKNOWLEDGED → CLEARED: the rule no longer holds."""
    state = advance(alarm.state, AlarmState.CLEARED)
    return replace(alarm, state=state, cleared_at=now, updated_at=now,
                   history=(*alarm.history, Step(state, now, SYSTEM)))


def follow(alarm: Alarm, condition: Condition, now: datetime) -> Alarm:
    """An open alarm takes its condition's current severity and wording (no change of state)."""
    if not alarm.is_open:
        raise IllegalAlarmTransition(f"alarm {alarm.id} is {alarm.state}, not open",
                                     message_ko="해제된 알람은 바꿀 수 없습니다.", field="state")
    return replace(alarm, severity=condition.severity, summary_ko=condition.summary_ko,
                   summary_en=condition.summary_en, updated_at=now)


Change = Literal["raised", "updated", "cleared"]


def reconcile(open_alarm: Alarm | None, condition: Condition | None, now: datetime, new_id: str
              ) -> tuple[Change, Alarm] | None:
    """What an evaluation does to one condition: raise, follow, clear, or nothing (None)."""
    if open_alarm is None:
        return ("raised", raise_alarm(new_id, condition, now)) if condition is not None else None
    if condition is None:
        return "cleared", clear(open_alarm, now)
    if (open_alarm.severity, open_alarm.summary_ko, open_alarm.summary_en) == (
            condition.severity, condition.summary_ko, condition.summary_en):
        return None
    return "updated", follow(open_alarm, condition, now)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
