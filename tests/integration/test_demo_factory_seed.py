"""The demo factory's seed dates its shop-floor files to the Korean day it ran on and says which day that was, so
readers (the dashboards tests, people checking the demo) do not ask the clock a second later, past midnight."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from mdap.adapters.clock import ControllableClock
from mdap.bootstrap import Container, bootstrap
from mdap.localserver.demo_factory import MARKER, seed_demo_factory, seeded_today
from mdap.settings import load_settings

LAST_SECOND_IN_KOREA = datetime(2026, 12, 2, 14, 59, 59, 500_000, tzinfo=UTC)  # 23:59:59.5 KST
ORDERS = "production_orders-20261202.csv"  # the MES export, named for its seed's day


@contextmanager
def local(data_dir: Path, **options: Any) -> Iterator[Container]:
    container = bootstrap(load_settings(profile="local", data_dir=data_dir), **options)
    try:
        yield container
    finally:
        container.workflow.close()  # type: ignore[attr-defined]  # the local engine's worker


def test_a_seed_just_before_midnight_in_korea_keeps_its_day(tmp_path: Path) -> None:
    clock = ControllableClock(LAST_SECOND_IN_KOREA)
    with local(tmp_path, clock=clock) as container:
        assert seeded_today(container) is None
        seed_demo_factory(container)
        clock.advance(timedelta(seconds=1))  # 00:00:00.5 on 3 December in Korea

        assert seeded_today(container) == date(2026, 12, 2)
        orders = container.blobs["raw"].get(f"raw/production_orders/site=demo/{ORDERS}").decode()
        assert "2026-12-01" in orders and "2026-12-02" in orders and "2026-12-03" not in orders
        seed_demo_factory(container)  # once per data directory: the day does not move
        assert seeded_today(container) == date(2026, 12, 2)


def test_the_day_is_read_from_the_seed_record_not_the_clock(tmp_path: Path) -> None:
    with local(tmp_path) as container:
        container.table.put(*MARKER, {"at": LAST_SECOND_IN_KOREA.isoformat()})
        assert seeded_today(container) == date(2026, 12, 2)
