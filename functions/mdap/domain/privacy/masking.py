"""Value-level de-identification: masks that keep a value's shape, and generalisation to coarser values."""

from __future__ import annotations

import math
from datetime import datetime

KEEP_LAST = 4


def mask_value(value: str, keep_last: int = KEEP_LAST) -> str:
    """Letters and digits become ``*`` except the last ``keep_last`` of them; separators stay, so
    "010-1234-5678" reads "***-****-5678". Values too short to keep anything are masked whole."""
    positions = [i for i, char in enumerate(value) if char.isalnum()]
    keep = set(positions[-keep_last:]) if len(positions) > 2 * keep_last else set()
    return "".join(char if (i in keep or not char.isalnum()) else "*" for i, char in enumerate(value))


def generalise_time(moment: datetime, granularity: str) -> datetime:
    """The start of the hour, day or month containing ``moment``."""
    if granularity == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    if granularity == "day":
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if granularity == "month":
        return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    raise ValueError(f"unknown time granularity {granularity!r}")


def generalise_number(value: float, width: float) -> float:
    """The lower bound of the band of ``width`` containing ``value`` (ages 37 -> 30 for width 10)."""
    if width <= 0:
        raise ValueError("band width must be positive")
    return math.floor(value / width) * width


def generalise_text(value: str, keep: int) -> str:
    """The first ``keep`` characters followed by ``*`` (a postcode or address prefix)."""
    return value[:keep] + ("*" if len(value) > keep else "")


def parse_granularity(granularity: str) -> tuple[str, float]:
    """"hour" | "day" | "month" -> (kind, 0); "band:10" -> ("band", 10.0); "prefix:3" -> ("prefix", 3.0)."""
    kind, _, argument = granularity.partition(":")
    if kind in ("hour", "day", "month") and not argument:
        return kind, 0.0
    if kind in ("band", "prefix") and argument:
        number = float(argument)
        if number > 0 and (kind == "band" or number.is_integer()):
            return kind, number
    raise ValueError(f"unknown granularity {granularity!r}")
