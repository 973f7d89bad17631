"""Refusals of the monitoring rules: a stable code and a Korean message, mapped to HTTP in one place."""

from __future__ import annotations


class MonitoringError(Exception):
    code: str = "monitoring_error"
    default_message_ko: str = "모니터링 규칙에 맞지 않는 요청입니다."

    def __init__(self, message: str, *, message_ko: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message_ko = message_ko or self.default_message_ko
        self.field = field


class IllegalAlarmTransition(MonitoringError):
    """An alarm move its state model does not allow (e.g. acknowledging an alarm that cleared unacknowledged)."""

    code = "illegal_alarm_transition"
    default_message_ko = "알람의 현재 상태에서는 할 수 없는 작업입니다."
