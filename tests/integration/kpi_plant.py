"""A small factory for the KPI tests, with answers worked out by hand in the tests that use it: one line (L1)
with two presses, two shifts with a break and a maintenance slot, three orders (one running across the shift
change, one outside every shift), inspections with two defect codes and a few minutes of alarm readings.
``load_plant`` puts it through a live platform's pipeline in the order the joins need."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.integration.pipeline.conftest import batch_key, readings

SITE = "kpi"
ASSETS = """설비,라인,설비종류,품목,이상사이클타임
m1,L1,press,,60
m2,L1,press,,20
"""
# KST, as people write it. PBT per press: A = 4 h − 30 min break − 30 min maintenance = 10800 s; B = 14400 s.
SHIFTS = """근무조,구분,시작,종료,라인
A,근무,2025-03-03 08:00,2025-03-03 12:00,
A,휴식,2025-03-03 10:00,2025-03-03 10:30,
A,정비,2025-03-03 11:30,2025-03-03 12:00,L1
B,근무,2025-03-03 12:00,2025-03-03 16:00,
"""
ORDERS = """작업지시번호,품목,계획수량,실적수량,시작일시,종료일시,라인,설비,로트번호,작업자
WO-1,X,200,150,2025-03-03 08:00,2025-03-03 12:00,L1,m1,LOT-1,
WO-2,Y,300,300,2025-03-03 11:00,2025-03-03 14:00,L1,m2,LOT-2,
WO-3,X,10,10,2025-03-03 18:00,2025-03-03 18:30,L1,m1,LOT-3,
"""
INSPECTIONS = """로트번호,검사일시,검사자,연락처,판정,불량코드,비고
LOT-1,2025-03-03 09:30,,,합격,,
LOT-1,2025-03-03 09:40,,,합격,,
LOT-1,2025-03-03 10:40,,,불합격,D-1,
LOT-1,2025-03-03 10:50,,,불합격,D-2,
LOT-2,2025-03-03 13:00,,,합격,,
LOT-2,2025-03-03 13:10,,,불합격,D-1,
"""
KST_0900 = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)  # 09:00 KST


def kst(hour: int, minute: int) -> datetime:
    return KST_0900 + timedelta(hours=hour - 9, minutes=minute)


def alarm_rows() -> list[tuple[str, str, datetime, float, str]]:
    """m1's alarm: on 09:00-09:09 (10 unplanned minutes), off at 09:10, on in the break (10:05, 10:06), off in the
    maintenance slot (11:40: observed, planned)."""
    on = [("m1", "alarm", kst(9, m), 1.0, "good") for m in range(10)]
    return [*on, ("m1", "alarm", kst(9, 10), 0.0, "good"), ("m1", "alarm", kst(10, 5), 1.0, "good"),
            ("m1", "alarm", kst(10, 6), 1.0, "good"), ("m1", "alarm", kst(11, 40), 0.0, "good")]


def trend_rows(minutes: int = 600) -> list[tuple[str, str, datetime, float, str]]:
    """m2's temperature, one reading a minute from 09:00 KST: a ramp with a spike at minute 300."""
    return [("m2", "temp", kst(9, 0) + timedelta(minutes=i), 999.0 if i == 300 else 20.0 + i / 100, "good")
            for i in range(minutes)]


def load_plant(put: Callable[[str, bytes], None], sql: Callable[[str], list[tuple[Any, ...]]],
               *, timeout: float = 60.0) -> None:
    """Raw files into a live platform, each step waiting for the pipeline (in the server's background)."""
    steps: list[tuple[list[tuple[str, bytes]], str, int]] = [
        ([(f"raw/assets/site={SITE}/assets.csv", ASSETS.encode()),
          (f"raw/shifts/site={SITE}/shifts.csv", SHIFTS.encode())],
         "SELECT (SELECT count(*) FROM curated_assets WHERE site = 'kpi') "
         "+ (SELECT count(*) FROM curated_shifts WHERE site = 'kpi')", 6),
        ([(f"raw/production_orders/site={SITE}/orders.csv", ORDERS.encode())],
         "SELECT count(*) FROM production_orders_clean WHERE site = 'kpi'", 3),
        ([(f"raw/inspection_records/site={SITE}/inspections.csv", INSPECTIONS.encode())],
         "SELECT count(*) FROM inspection_records_clean WHERE site = 'kpi'", 6),
        ([(f"raw/production_orders/site={SITE}/orders-again.csv", ORDERS.encode())],
         "SELECT count(*) FROM production_orders_clean WHERE site = 'kpi' AND inspected IS NOT NULL", 2),
        ([(batch_key(SITE, 1, 14, KST_0900), readings(alarm_rows())),
          (batch_key(SITE, 15, 614, KST_0900), readings(trend_rows(), first_seq=15))],
         "SELECT count(*) FROM sensor_readings_clean WHERE site = 'kpi'", 614),
    ]
    for files, probe, expected in steps:
        for key, data in files:
            put(key, data)
        deadline = time.monotonic() + timeout
        while sql(probe) != [(expected,)]:
            if time.monotonic() > deadline:
                raise AssertionError(f"the pipeline did not get to {expected} for {probe!r}: {sql(probe)}")
            time.sleep(0.2)
