"""The demo factory's shop-floor data, put into the raw zone once per data directory as a person would upload it:
the asset master and a shift calendar (reference data the readings of `mdap edge simulate` are joined with), an
MES export of production orders, a CP949 inspection file with Korean headers, personal data, a duplicate and bad
rows, and the worker master (the names free text is checked for). The preprocessing pipeline picks them up from
their object-created events like any upload."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from pathlib import Path

from mdap.bootstrap import Container
from mdap.domain.program.calendar import kst_date
from mdap.pipeline.reference import WORKERS_PREFIX

MARKER = ("DEMO#FACTORY", "SEEDED")
SITE = "demo"
DATA = Path(__file__).with_name("demo_data")
FILES = (  # (raw key, file in demo_data): the worker master first, then reference data
    (f"{WORKERS_PREFIX}site={SITE}/workers.csv", "workers.csv"),
    (f"raw/assets/site={SITE}/assets.csv", "assets.csv"),
)
# (dataset, file in demo_data, its encoding): written for 2025-03-03 and -04, seeded as yesterday and today
SHOP_FLOOR = (
    ("production_orders", "production_orders.csv", "utf-8"),
    ("inspection_records", "inspection_records.csv", "cp949"),
)
WRITTEN_DAYS = {"2025-03-03": -1, "2025-03-04": 0}


def seed_demo_factory(container: Container) -> None:
    if container.table.get(*MARKER) is not None:
        return
    raw = container.blobs["raw"]
    now = container.clock.now()
    for key, name in FILES:
        raw.put(key, (DATA / name).read_bytes(), content_type="text/csv")
    today = kst_date(now)
    raw.put(f"raw/shifts/site={SITE}/shifts-{today:%Y%m%d}.csv", shift_calendar(today).encode("utf-8"),
            content_type="text/csv")
    for dataset, name, encoding in SHOP_FLOOR:
        raw.put(f"raw/{dataset}/site={SITE}/{dataset}-{today:%Y%m%d}.csv",
                dated((DATA / name).read_bytes(), encoding, today), content_type="text/csv")
    container.table.put(*MARKER, {"at": now.isoformat()})


def seeded_today(container: Container) -> date | None:
    """The Korean day the shop-floor files were dated to ("today"; their other day is the one before), or None
    before seeding. Readers ask this rather than the clock: a seed just before midnight in Korea dates its files
    to a day that is already yesterday a second later."""
    item = container.table.get(*MARKER)
    return None if item is None else kst_date(datetime.fromisoformat(item.data["at"]))


def dated(data: bytes, encoding: str, today: date) -> bytes:
    """A demo file's days moved to yesterday and today, so the dashboards' default range shows them against the
    shift calendar; the file keeps its encoding (the inspection file stays CP949) and its invalid dates."""
    text = data.decode(encoding)
    for written, offset in WRITTEN_DAYS.items():
        text = text.replace(written, f"{today + timedelta(days=offset):%Y-%m-%d}")
    return text.encode(encoding)


def shift_calendar(today: date, *, days_before: int = 3, days_after: int = 14) -> str:
    """Two shifts a day (08-20, 20-08 KST), a meal break in each, and the moulding line's daily maintenance."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["근무조", "구분", "시작", "종료", "라인"])
    for offset in range(-days_before, days_after + 1):
        day = today + timedelta(days=offset)
        for row in _day(day):
            writer.writerow(row)
    return out.getvalue()


def _day(day: date) -> list[list[str]]:
    def at(hour: int, minute: int = 0, next_day: bool = False) -> str:
        moment = datetime(day.year, day.month, day.day, hour, minute) + timedelta(days=1 if next_day else 0)
        return f"{moment:%Y-%m-%d %H:%M}"  # KST, as people write it

    return [
        ["주간", "근무", at(8), at(20), ""],
        ["주간", "휴식", at(12), at(13), ""],
        ["주간", "정비", at(19, 30), at(20), "사출1라인"],
        ["야간", "근무", at(20), at(8, next_day=True), ""],
        ["야간", "휴식", at(0, next_day=True), at(1, next_day=True), ""],
    ]
