"""Last values per tag in the status record: fed by the spool's commits, bounded, stuck sensors visible."""

from __future__ import annotations

import json

from mdap_edge import codec
from mdap_edge.status import MAX_REPORTED_TAGS, MAX_TEXT, MAX_TRACKED_TAGS, LastValues

S = 1_000_000  # µs


def committed(rows: list[tuple[str, str, int, float | None, str | None, str]]) -> list[codec.Latest]:
    """What one group commit tells the observer: each tag's newest row and whether its value held."""
    return codec.latest_per_tag(codec.to_table([(*row, "simulator") for row in rows], 1))


def test_each_tag_reports_its_newest_reading_and_since_when_the_value_holds() -> None:
    values = LastValues()
    values.update(committed([("imm1", "temp", 1 * S, 40.0, None, "good"), ("imm1", "temp", 2 * S, 41.0, None, "good"),
                             ("imm1", "alarm", 1 * S, None, "off", "good")]))
    values.update(committed([("imm1", "temp", 3 * S, 41.0, None, "good"), ("imm1", "temp", 4 * S, 41.0, None, "good")]))
    snap = values.snapshot()
    assert snap["tags_total"] == 2
    temp = next(t for t in snap["tags"] if t["tag"] == "temp")
    assert (temp["value"], temp["quality"]) == (41.0, "good")
    assert temp["ts"] == "1970-01-01T00:00:04+00:00"
    assert temp["since"] == "1970-01-01T00:00:02+00:00"  # unchanged since the first commit's newest reading
    alarm = next(t for t in snap["tags"] if t["tag"] == "alarm")
    assert (alarm["value"], alarm["text"]) == (None, "off")


def test_a_value_that_changed_and_came_back_within_one_commit_is_not_stuck() -> None:
    values = LastValues()
    values.update(committed([("cnc1", "load", 1 * S, 5.0, None, "good")]))
    values.update(committed([("cnc1", "load", 2 * S, 9.0, None, "good"), ("cnc1", "load", 3 * S, 5.0, None, "good")]))
    [tag] = values.snapshot()["tags"]
    assert tag["since"] == "1970-01-01T00:00:03+00:00"


def test_the_record_stays_small_whatever_the_number_of_tags() -> None:
    values = LastValues()
    rows = [(f"a{n // 100:03d}", f"t{n % 100:03d}", S, float(n), None, "good") for n in range(MAX_TRACKED_TAGS + 50)]
    values.update(committed([("a000", "a-text", 2 * S, None, "x" * 500, "good")]))
    values.update(committed(rows))
    snap = values.snapshot()
    assert snap["tags_total"] == MAX_TRACKED_TAGS and len(snap["tags"]) == MAX_REPORTED_TAGS
    assert snap["tags"][0]["tag"] == "a-text" and snap["tags"][0]["text"] == "x" * MAX_TEXT
    assert [(t["asset"], t["tag"]) for t in snap["tags"]] == sorted((t["asset"], t["tag"]) for t in snap["tags"])
    assert len(json.dumps(snap)) < 40_000
