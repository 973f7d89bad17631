"""Program benchmarks (issue 7): ranking 200 applications x 5 evaluators, and the approvals inbox's first page
with 10,000 pending approvals on the local profile (service and HTTP). Goal: both well under 100 ms."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.table import SqliteTable
from mdap.domain.program.policy import SelectionPolicy
from mdap.domain.program.rubric import corrected_2022
from mdap.domain.program.scoring import Entry, ScoreSheet, rank
from mdap.program.approvals import Approvals
from tests.live import live_platform


def _entries(rubric_items: list[tuple[str, Decimal]], count: int, evaluators: int) -> list[Entry]:
    rng = random.Random(7)
    return [Entry(f"app-{n:04d}", rng.random() < 0.2,
                  tuple(ScoreSheet(f"e{e}", {item: Decimal(rng.randint(0, int(top))) for item, top in rubric_items})
                        for e in range(evaluators))) for n in range(count)]


def _median_ms(run: object, repeat: int = 15) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


@pytest.mark.bench
def test_ranking_200_applications_by_5_evaluators() -> None:
    rubric, _ = corrected_2022()
    entries = _entries([(item.id, item.max) for item in rubric.items], 200, 5)
    for aggregation in ("mean", "trimmed_mean"):
        policy = SelectionPolicy(aggregation=aggregation)  # type: ignore[arg-type]
        ranking = rank(policy, rubric, entries)
        assert len(ranking.rows) == 200
        took = _median_ms(lambda policy=policy: rank(policy, rubric, entries))
        print(f"\nranking 200 x 5 ({aggregation}): median {took:.1f} ms")
        assert took < 100


@pytest.mark.bench
@pytest.mark.timeout(600)
def test_approvals_inbox_first_page_with_10000_pending(tmp_path: Path) -> None:
    clock = ControllableClock(datetime(2027, 1, 1, tzinfo=UTC))
    table = SqliteTable(tmp_path / "table.sqlite3")
    approvals = Approvals(table, clock, lambda: None)  # type: ignore[arg-type,return-value]
    started = time.perf_counter()
    for n in range(10_000):
        approvals.open(token=f"token-{n}", execution_arn="arn", state="S", kind="requirements_review",
                       audience="staff", subject={"application": f"app-{n}"}, title_ko="요건검토", title_en="Review",
                       timeout_seconds=float(86400 + (n * 7919) % 1_000_000))
    print(f"\nopened 10,000 approvals in {time.perf_counter() - started:.1f} s")
    page, cursor = approvals.inbox(limit=50)
    assert len(page) == 50 and cursor is not None
    assert [a["deadline"] for a in page] == sorted(a["deadline"] for a in page)
    took = _median_ms(lambda: approvals.inbox(limit=50))
    print(f"approvals inbox, first page of 50 of 10,000 (service, SQLite): median {took:.2f} ms")
    assert took < 100


@pytest.mark.bench
@pytest.mark.timeout(600)
def test_approvals_inbox_over_http_with_10000_pending(tmp_path: Path) -> None:
    with live_platform(tmp_path / "data") as live:
        approvals = Approvals(live.platform.container.table, live.platform.container.clock,
                              lambda: None)  # type: ignore[arg-type,return-value]
        for n in range(10_000):
            approvals.open(token=f"http-{n}", execution_arn="arn", state="S", kind="payment", audience="staff",
                           subject={"project": f"prj-{n}"}, title_ko="지급", title_en="Payment",
                           timeout_seconds=float(3600 + n))
        email, password = live.logins["staff"]
        token = requests.post(f"{live.url}/api/auth/login", json={"email": email, "password": password},
                              timeout=30).json()["id_token"]
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"

        def first_page() -> None:
            reply = session.get(f"{live.url}/api/approvals?limit=50", timeout=30)
            assert reply.status_code == 200 and len(reply.json()["items"]) == 50

        took = _median_ms(first_page)
        print(f"\napprovals inbox, first page of 50 of 10,000 (HTTP, local server): median {took:.2f} ms")
        assert took < 100
