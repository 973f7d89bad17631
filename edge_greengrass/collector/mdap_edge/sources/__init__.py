"""Sources: each runs on its own thread, turns one protocol's data into readings and emits them to the spool.

A source never waits for the uploader or the store: ``emit`` only appends to the spool's buffer (and waits
only when the spool is full under the ``block`` policy, which is the back-pressure that policy asks for).
Protocol libraries are imported by the source that needs them, so a collector loads only what it uses.
"""

from __future__ import annotations

import importlib
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mdap.ports.clock import Clock
from mdap_edge.health import SourceHealth
from mdap_edge.reading import Reading
from mdap_edge.secrets import Secrets
from mdap_edge.spool import Appended

log = logging.getLogger("mdap_edge.sources")
Emit = Callable[[Sequence[Reading]], Appended]
_MODULES = {"opcua": "opcua", "modbus": "modbus", "mqtt": "mqtt", "file": "files", "simulator": "simulator"}


class Source(ABC):
    def __init__(self, config: Mapping[str, Any], *, emit: Emit, health: SourceHealth, secrets: Secrets,
                 clock: Clock, durable: Callable[[int, float], bool]) -> None:
        self.config = config
        self.emit = emit
        self.health = health
        self.secrets = secrets
        self.clock = clock
        self.durable = durable  # wait_durable(ticket, timeout): for sources that acknowledge upstream

    @abstractmethod
    def run(self, stop: threading.Event) -> None:
        """Collect until ``stop`` is set; reconnect on every failure, never give up."""


class SourceRunner:
    """One source on its own thread; a crash of the source's code is logged, reported and restarted."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.stop_event = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"source-{source.health.name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def signal_stop(self) -> None:
        self.stop_event.set()

    def join(self, timeout: float) -> bool:
        self._thread.join(timeout)
        self.source.health.state = "stopped"
        return not self._thread.is_alive()

    def _run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.source.run(self.stop_event)
            except Exception as exc:
                log.exception("source %s failed; restarting it", self.source.health.name)
                self.source.health.failed(exc)
                self.stop_event.wait(1.0)


def build_source(config: Mapping[str, Any], **kwargs: Any) -> Source:
    module = importlib.import_module(f"mdap_edge.sources.{_MODULES[config['kind']]}")
    source: Source = module.SOURCE(config, **kwargs)
    return source
