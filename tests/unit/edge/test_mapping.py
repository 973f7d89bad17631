"""Payload and row mapping for MQTT and file drops."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mdap_edge.reading import BAD, GOOD, UNCERTAIN, micros
from mdap_edge.sources.mapping import MappingError, RecordMapping

RECEIVED = 1_700_000_000_000_000


def test_topic_levels_and_payload_fields_make_one_reading() -> None:
    mapping = RecordMapping({"asset": "{topic.1}", "tag": "{topic.2}", "ts": "$.ts", "value": "$.data.v"}, "mqtt")
    rows = mapping.readings({"ts": "2025-03-01T09:00:05Z", "data": {"v": 210.5}}, topic="plant/press1/temp",
                            received=RECEIVED)
    assert rows == [("press1", "temp", micros(datetime(2025, 3, 1, 9, 0, 5, tzinfo=UTC)), 210.5, None, GOOD,
                     "mqtt")]


def test_an_object_of_values_gives_one_reading_per_tag_and_wide_csv_rows_too() -> None:
    mqtt = RecordMapping({"asset": "press-{topic.1}", "values": "$.values"}, "mqtt")
    rows = mqtt.readings({"values": {"temp": 1, "door": "open"}}, topic="plant/1", received=RECEIVED)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [("press-1", "temp", RECEIVED, 1.0, None),
                                                              ("press-1", "door", RECEIVED, None, "open")]
    csv = RecordMapping({"asset": "$.machine", "ts": "$.time", "values": "$", "ts_format": "%Y-%m-%d %H:%M:%S"},
                        "file")
    rows = csv.readings({"machine": "IMM-2", "time": "2025-03-01 18:00:00", "temp": "231.5", "count": "1,204"},
                        received=RECEIVED)
    assert [(r[1], r[3]) for r in rows] == [("temp", 231.5), ("count", 1204.0)]
    assert rows[0][2] == micros(datetime(2025, 3, 1, 9, 0, tzinfo=UTC))  # 18:00 in Korea (+09:00)


@pytest.mark.parametrize("ts, expected", [
    (1_700_000_000, 1_700_000_000_000_000), (1_700_000_000_123, 1_700_000_000_123_000),
    (1_700_000_000_123_456, 1_700_000_000_123_456), ("1700000000", 1_700_000_000_000_000),
    ("2023-11-14T22:13:20+00:00", 1_700_000_000_000_000), ("2023-11-15T07:13:20", 1_700_000_000_000_000),
])
def test_timestamps_in_every_common_form(ts: object, expected: int) -> None:
    mapping = RecordMapping({"asset": "a", "tag": "t", "ts": "$.ts", "value": "$.v"}, "mqtt")
    assert mapping.readings({"ts": ts, "v": 1}, received=RECEIVED)[0][2] == expected


@pytest.mark.parametrize("word, quality", [("good", GOOD), ("BAD", BAD), ("0", GOOD), ("2", BAD), ("odd", UNCERTAIN)])
def test_quality_words_map_to_the_three_qualities(word: str, quality: str) -> None:
    mapping = RecordMapping({"asset": "a", "tag": "t", "value": "$.v", "quality": "$.q"}, "mqtt")
    assert mapping.readings({"v": 1, "q": word}, received=RECEIVED)[0][5] == quality


def test_a_record_that_does_not_fit_says_which_field() -> None:
    mapping = RecordMapping({"asset": "{topic.5}", "tag": "t", "ts": "$.ts", "value": "$.v"}, "mqtt")
    with pytest.raises(MappingError, match="asset: topic 'a/b' has no level"):
        mapping.readings({"v": 1, "ts": 1}, topic="a/b", received=RECEIVED)
    fixed = RecordMapping({"asset": "a", "tag": "t", "ts": "$.ts", "value": "$.v"}, "mqtt")
    with pytest.raises(MappingError, match="ts: 'yesterday' is not a time"):
        fixed.readings({"v": 1, "ts": "yesterday"}, received=RECEIVED)
    with pytest.raises(MappingError, match=r"value: the record has no field \$.v"):
        fixed.readings({"ts": 1}, received=RECEIVED)
