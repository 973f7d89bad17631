"""The catalog's views on DuckDB with known answers, over data the pipeline itself curated: the demo factory's
shop-floor files and a few minutes of readings around a planned break."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mdap.catalog import load_catalog
from mdap.localserver.demo_factory import DATA
from tests.integration.pipeline.conftest import START, World, batch_key, readings

BASE = START - timedelta(minutes=10)  # 05:50 UTC = 14:50 KST
SHIFTS = """근무조,구분,시작,종료,라인
주간,근무,2025-03-03 08:00,2025-03-03 20:00,
주간,휴식,2025-03-03 14:52,2025-03-03 14:53,
"""


def at(seconds: int) -> datetime:
    """Naive UTC, as timestamps come back from the engine."""
    return (BASE + timedelta(seconds=seconds)).replace(tzinfo=None)


@pytest.fixture
def factory(world: World) -> World:
    world.put("raw/assets/site=demo/assets.csv", (DATA / "assets.csv").read_bytes())
    world.put("raw/shifts/site=demo/shifts.csv", SHIFTS.encode("utf-8"))
    world.process()
    world.put("raw/production_orders/site=demo/orders.csv", (DATA / "production_orders.csv").read_bytes())
    world.process()
    world.put("raw/inspection_records/site=demo/inspections.csv", (DATA / "inspection_records.csv").read_bytes())
    world.process()
    world.put("raw/production_orders/site=demo/orders.csv", (DATA / "production_orders.csv").read_bytes())
    world.process()  # the same export again: its orders supersede themselves, now with their lots' inspections
    rows = [("imm1", "alarm", at(0), 0.0, "good"), ("imm1", "alarm", at(30), 0.0, "good"),
            ("imm1", "alarm", at(60), 1.0, "good"), ("imm1", "alarm", at(90), 1.0, "good"),
            ("imm1", "alarm", at(130), 1.0, "good"),
            ("imm1", "temp", at(5), 200.0, "good"), ("imm1", "temp", at(35), 202.0, "good"),
            ("imm1", "temp", at(65), 204.0, "good"), ("imm1", "temp", at(70), 999.0, "bad")]
    world.put(batch_key("demo", 1, 5, BASE), readings(rows[:5], first_seq=1))
    world.put(batch_key("demo", 6, 9, BASE), readings(rows[5:], first_seq=6))
    world.process()
    return world


def test_production_sums_orders_per_line_asset_and_item(factory: World) -> None:
    rows = factory.sql("SELECT * FROM production WHERE \"date\" = '2025-03-04'")
    assert rows == [("demo", "2025-03-04", "사출1라인", "imm1", "케이스-A", 1, 1200, 1190, 1190 / 1200, 32400,
                     27 * 1190 / 32400, 1, 0, 1.0)]  # the later export of WO-250304-01 won (1190, not 1150)
    cnc = factory.sql("SELECT orders, planned_qty, actual_qty, run_seconds, inspected, failed FROM production "
                      "WHERE asset = 'cnc1'")
    assert cnc == [(2, 400, 335, 28800 + 9000, 1, 0)]
    assert factory.sql("SELECT count(*) FROM production_orders_clean") == [(7,)]  # a bad row quarantined


def test_quality_counts_inspections_per_line_and_item(factory: World) -> None:
    rows = factory.sql("SELECT * FROM quality ORDER BY \"date\", line NULLS FIRST, item")
    assert rows == [
        ("demo", "2025-03-03", None, None, 1, 1, 0, 0.0, 1),  # LOT-250303-09 has no order
        ("demo", "2025-03-03", "가공1라인", "샤프트-C", 1, 1, 0, 0.0, 1),
        ("demo", "2025-03-03", "사출1라인", "커버-B", 2, 1, 1, 0.5, 2),
        ("demo", "2025-03-03", "사출1라인", "케이스-A", 2, 1, 1, 0.5, 2),
        ("demo", "2025-03-04", "사출1라인", "케이스-A", 1, 1, 0, 0.0, 1),
    ]


def test_downtime_separates_planned_stops_from_alarms(factory: World) -> None:
    assert factory.sql("SELECT * FROM downtime") == [("demo", "2025-03-03", "imm1", 3, 2, 1, 1, 1 / 3)]
    assert factory.sql("SELECT DISTINCT shift, planned_stop, line, asset_kind FROM sensor_readings_clean "
                       "ORDER BY planned_stop NULLS FIRST") == [("주간", None, "사출1라인", "사출기"),
                                                                ("주간", "break", "사출1라인", "사출기")]


def test_rollup_has_one_row_per_minute_over_usable_values(factory: World) -> None:
    rows = factory.sql("SELECT tag, minute, \"count\", \"min\", \"max\", \"avg\", \"last\" FROM sensor_rollup_1m "
                       "ORDER BY tag, minute")
    assert rows == [("alarm", at(0), 2, 0.0, 0.0, 0.0, 0.0), ("alarm", at(60), 2, 1.0, 1.0, 1.0, 1.0),
                    ("alarm", at(120), 1, 1.0, 1.0, 1.0, 1.0),
                    ("temp", at(0), 2, 200.0, 202.0, 201.0, 202.0), ("temp", at(60), 2, 204.0, 204.0, 204.0, 204.0)]


def test_collection_health_per_tag(factory: World) -> None:
    rows = factory.sql("SELECT tag, readings, first_reading, last_reading, minutes_with_data, gaps, stuck_readings, "
                       "late_readings, not_good_readings FROM collection_health ORDER BY tag")
    assert rows == [("alarm", 5, at(0), at(130), 3, 0, 0, 0, 0), ("temp", 4, at(5), at(70), 2, 0, 0, 0, 1)]


def test_data_quality_adds_up_the_runs(factory: World) -> None:
    rows = factory.sql("SELECT dataset, \"date\", tag, \"rows\", quarantined, duplicates, validity, runs "
                       "FROM data_quality WHERE dataset IN ('sensor_readings', 'inspection_records') "
                       "ORDER BY dataset, \"date\", tag")
    assert rows == [("inspection_records", "2025-03-03", None, 6, 3, 1, 6 / 9, 1),  # a bad date: the run's day
                    ("inspection_records", "2025-03-04", None, 1, 0, 0, 1.0, 1),
                    ("sensor_readings", "2025-03-03", "alarm", 5, 0, 0, 1.0, 1),
                    ("sensor_readings", "2025-03-03", "temp", 4, 0, 0, 1.0, 1)]


def test_quarantine_shows_reasons_never_original_values(factory: World) -> None:
    view = load_catalog().view("quarantine")
    assert view is not None and "original" not in [c.name for c in view.columns]
    rows = factory.sql("SELECT dataset, row_number, reason_code FROM quarantine ORDER BY dataset, row_number")
    assert rows == [("inspection_records", 8, "invalid_value"), ("inspection_records", 9, "missing_value"),
                    ("inspection_records", 10, "invalid_type"), ("production_orders", 10, "out_of_range")]


def test_every_view_yields_exactly_its_declared_columns(factory: World) -> None:
    for view in load_catalog().views:
        assert factory.c.query.query(f"SELECT * FROM {view.name} LIMIT 1").columns == [c.name for c in view.columns]
        assert all(c.type and c.description for c in view.columns), view.name
