"""Background workers of the local server: object-event dispatch (the part EventBridge plays in AWS)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from mdap.ports.blobstore import ObjectCreated, ObjectEvents

log = logging.getLogger("mdap.events")
Handler = Callable[[ObjectCreated], None]


class EventDispatcher:
    """Delivers object-created events to subscribers by zone; an event is acknowledged only after
    its handler returned, so a crash re-delivers it. Events of a zone nobody subscribes to are
    acknowledged and logged, as EventBridge drops events that match no rule."""

    def __init__(self, events: ObjectEvents, handlers: dict[str, Handler] | None = None) -> None:
        self._events = events
        self._handlers = handlers or {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="event-dispatch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.dispatch_once(wait_seconds=1.0)
            except Exception:  # keep the worker alive; the event stays unacknowledged for a retry
                log.exception("event dispatch failed")
                self._stop.wait(1.0)

    def dispatch_once(self, wait_seconds: float = 0) -> int:
        received = self._events.receive(max_events=10, wait_seconds=wait_seconds)
        for item in received:
            handler = self._handlers.get(item.event.zone)
            if handler is None:
                log.debug("no subscriber for %s/%s", item.event.zone, item.event.key)
            else:
                handler(item.event)
            self._events.ack(item.receipt)
        return len(received)


class ScheduledTasks:
    """Runs the tasks of tasks.json that have a "schedule" (EventBridge rules in AWS) on the same rate, each in
    turn on one thread; a failing run is logged and the next one comes on time."""

    def __init__(self, tasks: list[tuple[str, int, Callable[[Any, Any], Any]]]) -> None:
        self._tasks = tasks  # (name, every seconds, handler)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="scheduled-tasks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        due = {name: time.monotonic() + every for name, every, _ in self._tasks}
        while not self._stop.wait(1.0):
            for name, every, handler in self._tasks:
                if time.monotonic() < due[name]:
                    continue
                due[name] = time.monotonic() + every
                try:
                    handler({"action": "scheduled"}, None)
                except Exception:  # the next run comes on schedule; the failure is in the log
                    log.exception("scheduled task %s failed", name)
