"""Handlers for the `mdap sfn run --task` tests."""

from __future__ import annotations

from typing import Any


def score(event: Any, context: Any) -> Any:
    return len(event["name"]) * 25
