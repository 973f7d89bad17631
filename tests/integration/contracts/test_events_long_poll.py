"""The local event queue's long poll ends on time whatever the platform's clock does, so a worker waiting on it
always notices that it was asked to stop."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.events import LocalObjectEvents
from mdap.ports.blobstore import ObjectCreated


class _StandingClock(ControllableClock):
    """A clock that never moves: its sleep waits a little real time and leaves the time where it was."""

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, 0.01))


def test_an_empty_long_poll_returns_after_its_wait_even_if_the_clock_stands_still(tmp_path: Path) -> None:
    events = LocalObjectEvents(tmp_path / "events.sqlite3", _StandingClock(datetime(2026, 3, 1, tzinfo=UTC)))
    started = time.monotonic()
    assert events.receive(wait_seconds=0.3) == []
    assert 0.3 <= time.monotonic() - started < 10


def test_a_long_poll_on_a_controllable_clock_returns_when_that_clock_reaches_the_wait(tmp_path: Path) -> None:
    clock = ControllableClock(datetime(2026, 3, 1, tzinfo=UTC))  # sleep advances it at once
    events = LocalObjectEvents(tmp_path / "events.sqlite3", clock)
    started = time.monotonic()
    assert events.receive(wait_seconds=3600) == []
    assert time.monotonic() - started < 60 and clock.now() >= datetime(2026, 3, 1, 1, tzinfo=UTC)


def test_an_event_published_during_the_wait_is_received(tmp_path: Path) -> None:
    events = LocalObjectEvents(tmp_path / "events.sqlite3", _StandingClock(datetime(2026, 3, 1, tzinfo=UTC)))
    events.publish(ObjectCreated("raw", "k/a.csv", 3, datetime(2026, 3, 1, tzinfo=UTC)))
    received = events.receive(wait_seconds=5)
    assert [item.event.key for item in received] == ["k/a.csv"]
