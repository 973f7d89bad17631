"""Refusals of dashboard requests: a bad filter is the caller's to fix (400), with a Korean message."""

from __future__ import annotations

from mdap.ports.errors import InvalidRequest


class FilterRefused(InvalidRequest):
    """A chart name, date or filter value the dashboards do not accept."""

    code = "bad_request"

    def __init__(self, message: str, *, message_ko: str, field: str) -> None:
        super().__init__(message)
        self.message_ko = message_ko
        self.field = field
