"""A real local platform on a free port, in this process, for integration and e2e tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mdap.bootstrap import bootstrap
from mdap.localserver.server import Platform, start_platform
from mdap.ports.clock import Clock
from mdap.settings import load_settings


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
    container = bootstrap(config, clock=clock) if clock else None  # else built by start_platform
    platform = start_platform(config, "127.0.0.1", 0, client_config=client_config, container=container)
    thread = threading.Thread(target=platform.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(platform.url, platform.logins, platform, data_dir)
    finally:
        platform.close()
        thread.join(timeout=10)
