"""The collector process: sources -> spool -> uploader, a status reporter, configuration reloads, shutdown.

Start order is chosen for the 3-second restart guarantee: the spool opens (a SQLite file), the sources start,
and only then are the store and the uploader built (boto3 and pyarrow's Parquet writer are the slow imports).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from mdap.ports.blobstore import BlobStore
from mdap.ports.clock import Clock
from mdap.ports.table import Table
from mdap_edge.config import CollectorConfig, ConfigError, load_config, reloadable_change
from mdap_edge.health import SourceHealth
from mdap_edge.secrets import Secrets
from mdap_edge.sources import SourceRunner, build_source
from mdap_edge.spool import Spool
from mdap_edge.status import LastValues, StatusReporter
from mdap_edge.uploader import Uploader

log = logging.getLogger("mdap_edge")
SHUTDOWN_SECONDS = 15.0
RELOAD_CHECK_SECONDS = 2.0


class Collector:
    def __init__(self, config: CollectorConfig, data_dir: Path, *, clock: Clock, secrets: Secrets,
                 store: Callable[[], BlobStore], table: Callable[[], Table | None]) -> None:
        self.config, self._data_dir, self._clock, self._secrets = config, data_dir, clock, secrets
        self._make_store, self._make_table = store, table
        self.last_values = LastValues()
        self.spool = Spool(config.spool.path, max_bytes=config.spool.max_bytes, when_full=config.spool.when_full,
                           commit_seconds=config.spool.commit_seconds, observe=self.last_values.update)
        self.runners: dict[str, SourceRunner] = {}
        self.uploader: Uploader | None = None
        self.started_at = clock.now().isoformat()
        self.state = "starting"
        self.config_error: str | None = None
        self._config_stamp = _stamp(config.path)
        self._stopping = threading.Event()
        self._reporter: StatusReporter | None = None

    def start(self) -> None:
        for source in self.config.sources:
            self._start_source(source)
        self.uploader = Uploader(self.spool, self._make_store, self._clock, prefix=self.config.store.prefix,
                                 site=self.config.site, device=self.config.device,
                                 max_rows=self.config.batch.max_rows, max_seconds=self.config.batch.max_seconds)
        self.uploader.start()
        self._reporter = StatusReporter(self._make_table, self.config.site, self.config.device, self.status)
        threading.Thread(target=self._report_loop, name="status", daemon=True).start()
        self.state = "running"

    def run(self, stop: threading.Event) -> None:
        """Until ``stop``: reload the sources when the configuration file changes."""
        while not stop.wait(RELOAD_CHECK_SECONDS):
            self.reload_if_changed()

    # --- sources and reloads ---------------------------------------------------------------------------
    def _start_source(self, config: Any) -> None:
        health = SourceHealth(config["name"], config["kind"], self._clock)
        source = build_source(config, emit=self.spool.append, health=health, secrets=self._secrets,
                              clock=self._clock, durable=self.spool.wait_durable)
        runner = SourceRunner(source)
        self.runners[config["name"]] = runner
        runner.start()

    def _stop_source(self, name: str) -> None:
        runner = self.runners.pop(name)
        runner.signal_stop()
        runner.join(5.0)

    def reload_if_changed(self) -> bool:
        """Apply a changed configuration file's sources (tags, nodes, registers...) without touching the spool;
        a change to anything else is reported and waits for a restart. True if sources were restarted."""
        stamp = _stamp(self.config.path)
        if stamp == self._config_stamp:
            return False
        self._config_stamp = stamp
        try:
            new = load_config(self.config.path, self._data_dir)
        except ConfigError as exc:
            self.config_error = f"not reloaded: {exc}"
            log.error("configuration not reloaded: %s", exc)
            return False
        needs_restart = reloadable_change(self.config, new)
        if needs_restart:
            self.config_error = f"{needs_restart} changed: takes effect at the next start"
            log.error("configuration: %s", self.config_error)
            return False
        old = {source["name"]: source for source in self.config.sources}
        wanted = {source["name"]: source for source in new.sources}
        for name in [name for name in old if old[name] != wanted.get(name)]:
            self._stop_source(name)
        for name in [name for name in wanted if old.get(name) != wanted[name]]:
            self._start_source(wanted[name])
        self.config, self.config_error = new, None
        log.info("configuration reloaded: sources %s", ", ".join(wanted))
        return True

    # --- status ----------------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        stats = self.spool.stats()
        oldest = stats.oldest_received
        return {
            "state": self.state, "heartbeat_at": self._clock.now().isoformat(), "started_at": self.started_at,
            "pid": os.getpid(),
            "spool": {"readings": stats.readings, "bytes": stats.bytes, "max_bytes": stats.max_bytes,
                      "when_full": stats.when_full, "batches_pending": stats.batches_pending,
                      "oldest_age_s": round(time.time() - oldest, 3) if oldest else None,
                      "commit_error": stats.commit_error},
            "refused": stats.refused, "duplicates_dropped": stats.duplicates,
            "uploader": asdict(self.uploader.state) if self.uploader else None,
            "sources": [runner.source.health.snapshot() for runner in list(self.runners.values())],
            "config_error": self.config_error,
            **self.last_values.snapshot(),
        }  # fmt: skip

    def _report_loop(self) -> None:
        while not self._stopping.wait(self.config.status.every_seconds):
            if self._reporter is not None:
                self._reporter.report()

    # --- shutdown --------------------------------------------------------------------------------------
    def shutdown(self, budget: float = SHUTDOWN_SECONDS) -> bool:
        """Stop the sources, commit what they sent, make one upload attempt for everything spooled, report.
        Returns True if the spool was emptied; whatever was not uploaded stays spooled for the next start."""
        started = time.monotonic()
        deadline = started + budget - 2.0  # what is left covers the final status record and the exit
        self.state = "stopping"
        self._stopping.set()
        for runner in self.runners.values():
            runner.signal_stop()
        self.spool.release_waiters()
        for runner in self.runners.values():
            runner.join(max(0.1, min(3.0, deadline - time.monotonic())))
        self.spool.close(timeout=max(0.1, min(3.0, deadline - time.monotonic())))
        emptied = self.uploader.finish(deadline) if self.uploader else False
        self.state = "stopped"
        self._final_report(max(0.1, started + budget - 1.0 - time.monotonic()))
        log.info("stopped in %.1f s; %s", time.monotonic() - started,
                 "spool empty" if emptied else f"{self.spool.stats().readings} readings stay spooled")
        return emptied

    def _final_report(self, timeout: float) -> None:
        if self._reporter is not None:
            thread = threading.Thread(target=self._reporter.report, daemon=True)
            thread.start()
            thread.join(timeout)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
