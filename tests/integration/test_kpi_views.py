"""The KPI views (``kpi_*.sql``) on DuckDB with answers worked out by hand, over a small factory the pipeline
itself curated: one line (L1) with two presses, two shifts with a break and a maintenance slot, three orders
(one running across the shift change, one outside every shift), inspections with two defect codes and a few
minutes of alarm readings."""

from __future__ import annotations

import pytest

from tests.integration.kpi_plant import ASSETS, INSPECTIONS, KST_0900, ORDERS, SHIFTS, SITE, alarm_rows
from tests.integration.pipeline.conftest import World, batch_key, readings, world

__all__ = ["world"]  # the pipeline tests' fixture: a local platform on a controllable clock


@pytest.fixture
def plant(world: World) -> World:
    world.put(f"raw/assets/site={SITE}/assets.csv", ASSETS.encode())
    world.put(f"raw/shifts/site={SITE}/shifts.csv", SHIFTS.encode())
    world.process()
    world.put(f"raw/production_orders/site={SITE}/orders.csv", ORDERS.encode())
    world.process()
    world.put(f"raw/inspection_records/site={SITE}/inspections.csv", INSPECTIONS.encode())
    world.process()
    world.put(f"raw/production_orders/site={SITE}/orders.csv", ORDERS.encode())
    world.process()  # again, now joined with the lots' inspections
    rows = alarm_rows()
    world.put(batch_key(SITE, 1, len(rows), KST_0900), readings(rows))
    world.process()
    return world


def test_oee_follows_iso_22400_per_line_and_shift(plant: World) -> None:
    rows = plant.sql("SELECT shift, planned_busy_seconds, actual_production_seconds, planned_unit_seconds, "
                     "produced_qty, good_qty, scrap_qty, availability, effectiveness, quality_rate, oee "
                     "FROM kpi_oee WHERE site = 'kpi' ORDER BY shift")
    # Shift A. PBT = 2 presses × 10800 = 21600 s.
    #   m1 runs WO-1 08:00-12:00 = 14400 − 3600 planned stops − 600 alarm minutes = 10200 s;
    #   m2 runs WO-2 11:00-12:00 = 3600 − 1800 maintenance = 1800 s, of WO-2's 1800 + 7200 = 9000 s: 1/5 of 300 = 60.
    #   APT = 12000; PQ = 150 + 60 = 210; PRI × PQ = 60 × 150 + 20 × 60 = 10200; half of each lot failed: GQ = 105.
    #   A = 12000 / 21600, E = 10200 / 12000 = 0.85, Q = 105 / 210 = 0.5, OEE = 0.5556 × 0.85 × 0.5 = 0.2361.
    # Shift B. PBT = 2 × 14400 = 28800; m2 runs 12:00-14:00 = 7200 s, 4/5 of 300 = 240; PRI × PQ = 20 × 240 = 4800.
    #   A = 7200 / 28800 = 0.25, E = 4800 / 7200 = 0.6667, Q = 0.5, OEE = 0.25 × 0.6667 × 0.5 = 0.0833.
    # WO-3 (18:00-18:30) is in no shift: no planned busy time, not counted.
    assert rows == [
        ("A", 21600, 12000, pytest.approx(10200), pytest.approx(210), pytest.approx(105), pytest.approx(105),
         pytest.approx(12000 / 21600), pytest.approx(0.85), pytest.approx(0.5), pytest.approx(0.2361111)),
        ("B", 28800, 7200, pytest.approx(4800), pytest.approx(240), pytest.approx(120), pytest.approx(120),
         pytest.approx(0.25), pytest.approx(2 / 3), pytest.approx(0.5), pytest.approx(1 / 12)),
    ]
    assert plant.sql("SELECT DISTINCT site, \"date\", line FROM kpi_oee") == [(SITE, "2025-03-03", "L1")]


def test_production_per_shift_places_an_order_in_the_shift_it_started(plant: World) -> None:
    rows = plant.sql("SELECT \"date\", line, shift, orders, planned_qty, actual_qty, achievement "
                     "FROM kpi_production_shift ORDER BY shift NULLS LAST")
    # WO-1 and WO-2 started in A (150 + 300 of 200 + 300); WO-3 started after both shifts: no shift.
    assert rows == [("2025-03-03", "L1", "A", 2, 500, 450, pytest.approx(0.9)),
                    ("2025-03-03", "L1", None, 1, 10, 10, pytest.approx(1.0))]


def test_defect_rate_per_line_and_item(plant: World) -> None:
    rows = plant.sql("SELECT \"date\", line, item, inspections, failed, defect_rate FROM kpi_defect_rate "
                     "ORDER BY item")
    assert rows == [("2025-03-03", "L1", "X", 4, 2, 0.5), ("2025-03-03", "L1", "Y", 2, 1, 0.5)]


def test_defect_pareto_counts_failed_inspections_per_code(plant: World) -> None:
    rows = plant.sql("SELECT line, defect_code, defects FROM kpi_defect_pareto ORDER BY defects DESC, defect_code")
    assert rows == [("L1", "D-1", 2), ("L1", "D-2", 1)]


def test_downtime_pareto_names_planned_stops_before_alarms(plant: World) -> None:
    rows = plant.sql("SELECT \"date\", line, asset, reason, minutes FROM kpi_downtime_pareto ORDER BY minutes DESC")
    # 10 alarm minutes outside stops; the break's 2 alarm minutes are the break's; 11:40 is in the maintenance slot.
    assert rows == [("2025-03-03", "L1", "m1", "alarm", 10), ("2025-03-03", "L1", "m1", "break", 2),
                    ("2025-03-03", "L1", "m1", "maintenance", 1)]
    downtime = plant.sql("SELECT alarm_minutes, planned_stop_minutes, unplanned_stop_minutes FROM downtime")
    assert downtime == [(12, 3, 10)]  # the same minutes as the downtime view
