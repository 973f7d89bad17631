"""Running a collector as a process: configuration, wiring, signals and the shutdown deadline.

SIGTERM (or Ctrl-C) stops the sources, commits what they sent, makes one immediate upload attempt and exits
within 15 s (a watchdog ends the process at that point whatever is still running: everything committed is in
the spool for the next start). kill -9 loses nothing committed; at most the last group commit's readings
(received within ``spool.commit_ms``) were not yet on disk.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from mdap_edge.collector import SHUTDOWN_SECONDS, Collector
from mdap_edge.config import CollectorConfig, ConfigError, load_config


def configure_logging() -> None:
    logging.basicConfig(stream=sys.stderr, level=os.environ.get("MDAP_EDGE_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("asyncua", "pymodbus", "botocore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def load(config_path: Path, data_dir: Path, expect_site: str | None = None) -> CollectorConfig:
    config = load_config(config_path, data_dir)
    if expect_site and config.site != expect_site:
        raise ConfigError(f"{config_path}: site: {config.site!r} is not this device's site {expect_site!r} "
                          "(its Greengrass thing name): it may write only its own site's data")
    return config


def run(config: CollectorConfig, data_dir: Path) -> int:
    """Collect until SIGTERM or SIGINT; return the exit code."""
    from mdap.adapters.clock import SystemClock
    from mdap_edge.secrets import secrets_for_environment
    from mdap_edge.stores import blob_store, status_table

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    collector = Collector(config, data_dir, clock=SystemClock(), secrets=secrets_for_environment(),
                          store=lambda: blob_store(config.store, data_dir),
                          table=lambda: status_table(config.status, data_dir))
    collector.start()
    logging.getLogger("mdap_edge").info("collecting for site %s as %s (%d sources)", config.site, config.device,
                                        len(config.sources))
    collector.run(stop)
    watchdog = threading.Timer(SHUTDOWN_SECONDS - 0.3, _overran)
    watchdog.daemon = True
    watchdog.start()
    collector.shutdown()
    return 0


def _overran() -> None:
    logging.getLogger("mdap_edge").error("shutdown overran %.0f s; exiting, the spool keeps the rest",
                                         SHUTDOWN_SECONDS)
    os._exit(1)
