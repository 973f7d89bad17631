"""Records (an MQTT JSON payload, a CSV row, a JSON object from a file) -> readings, by a mapping.

Each mapping field is a template: ``$.a.b`` is a field of the record (for CSV, ``$.column``; ``$`` alone is the
whole record), ``{topic.N}`` is level N of the MQTT topic (from 0), anything else is literal text, and the
two combine (``press-{topic.1}``). ``tag`` + ``value`` give one reading per record; ``values`` points at an
object of tag -> value and gives one reading per entry (``values: $`` makes every other field of a CSV row a
tag: the "wide" layout machines often export). ``ts`` is ISO 8601, epoch seconds/milliseconds/microseconds,
or ``ts_format`` (strptime); times without an offset are in ``utc_offset`` (default +09:00, Korea). Without
``ts`` the receive time is used. ``quality`` maps to good/uncertain/bad (default good).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from mdap_edge.reading import BAD, GOOD, QUALITIES, UNCERTAIN, Reading, micros, reading

_TOPIC = re.compile(r"\{topic\.(\d+)\}")
_QUALITY_WORDS = {"ok": GOOD, "0": GOOD, "1": UNCERTAIN, "2": BAD, "true": GOOD, "false": BAD}


class MappingError(ValueError):
    """A record does not fit the mapping; the message says which field and why."""


class RecordMapping:
    def __init__(self, spec: Mapping[str, Any], source: str) -> None:
        self._spec = dict(spec)
        self._source = source
        sign, hours, minutes = re.fullmatch(r"([+-])(\d\d):(\d\d)", spec.get("utc_offset", "+09:00")).groups()  # type: ignore[union-attr]
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        self._zone = timezone(delta if sign == "+" else -delta)
        self._used = {field[2:].split(".")[0] for key, field in self._spec.items()
                      if key not in ("values", "ts_format", "utc_offset") and str(field).startswith("$.")}

    def readings(self, record: Any, *, topic: str = "", received: int) -> list[Reading]:
        asset = self._text("asset", record, topic)
        quality = self._quality(record, topic)
        ts = self._ts(record, topic) if "ts" in self._spec else received
        if "values" not in self._spec:
            return [reading(asset, self._text("tag", record, topic), ts,
                            _number(self._field("value", record, topic)), quality, self._source)]
        values = self._field("values", record, topic)
        if not isinstance(values, Mapping):
            raise MappingError(f"values: {self._spec['values']} is not an object of tag -> value")
        everything = self._spec["values"] == "$"
        return [reading(asset, str(tag), ts, _number(value), quality, self._source)
                for tag, value in values.items() if not (everything and tag in self._used)]

    def _field(self, name: str, record: Any, topic: str) -> Any:
        template = str(self._spec[name])
        if template == "$":
            return record
        if template.startswith("$."):
            value: Any = record
            for part in template[2:].split("."):
                if not isinstance(value, Mapping) or part not in value:
                    raise MappingError(f"{name}: the record has no field {template}")
                value = value[part]
            return value
        levels = topic.split("/")
        try:
            return _TOPIC.sub(lambda match: levels[int(match.group(1))], template)
        except IndexError:
            raise MappingError(f"{name}: topic {topic!r} has no level for {template}") from None

    def _text(self, name: str, record: Any, topic: str) -> str:
        value = self._field(name, record, topic)
        if value is None or str(value) == "":
            raise MappingError(f"{name} is empty")
        return str(value)

    def _quality(self, record: Any, topic: str) -> str:
        if "quality" not in self._spec:
            return GOOD
        word = str(self._field("quality", record, topic)).strip().lower()
        return word if word in QUALITIES else _QUALITY_WORDS.get(word, UNCERTAIN)

    def _ts(self, record: Any, topic: str) -> int:
        value = self._field("ts", record, topic)
        try:
            return micros(self._moment(value))
        except (ValueError, TypeError, OverflowError):
            expected = self._spec.get("ts_format", "ISO 8601 or epoch")
            raise MappingError(f"ts: {value!r} is not a time ({expected})") from None

    def _moment(self, value: Any) -> datetime:
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric or (isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value.strip())):
            number = float(value)
            scale = 1e6 if number > 1e14 else 1e3 if number > 1e11 else 1.0  # µs, ms or s since the epoch
            return datetime.fromtimestamp(number / scale, UTC)
        text = str(value).strip()
        fmt = self._spec.get("ts_format")
        moment = datetime.strptime(text, fmt) if fmt else datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=self._zone)


def _number(value: Any) -> Any:
    """CSV cells are text: numbers become numbers, other text stays text."""
    if isinstance(value, str):
        try:
            return float(value.replace(",", "")) if value.strip() else None
        except ValueError:
            return value
    return value
