"""A real local platform on a free port, in this process, for integration and e2e tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mdap.adapters.clock import ControllableClock
from mdap.localserver.server import Platform, start_platform
from mdap.ports.clock import Clock
from mdap.settings import load_settings


class StillClock(ControllableClock):
    """Moves only when a test says so: background workers' sleeps really wait (briefly) instead of advancing it,
    so timers and deadlines come due exactly when the test advances the clock."""

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, min(seconds, 0.05)))


@dataclass
class LiveServer:
    url: str
    logins: dict[str, tuple[str, str]]
    platform: Platform
    data_dir: Path


@contextmanager
def live_platform(data_dir: Path, *, client_config: dict[str, Any] | None = None, clock: Clock | None = None,
                  **settings: Any) -> Iterator[LiveServer]:
    config = load_settings(profile="local", data_dir=data_dir, **settings)
    platform = start_platform(config, "127.0.0.1", 0, client_config=client_config, clock=clock)
    thread = threading.Thread(target=platform.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(platform.url, platform.logins, platform, data_dir)
    finally:
        platform.close()
        thread.join(timeout=10)
