"""From raw objects landing to runs: object-created events become pending inputs per (dataset, site); a run
starts when that partition's lease is free and takes everything waiting (micro-batching).

1. ``receive`` records each event as a pending input (``PIPELINE#PENDING#<dataset>#<site>``, sort key = object
   key: an object written twice before it is processed is one input), then tries to start a run for each
   partition it touched.
2. ``try_start`` takes the lease and starts the ``preprocessing`` workflow named after the new run. The
   workflow first waits ``batch_seconds``, so a burst of small objects lands in one run.
3. The run's first step ``claim``s what is pending (at most ``max_objects`` / ``max_bytes``). Items re-written
   since they were read stay pending (their version moved) and are processed by the next run.
4. When a run ends it releases the lease, then starts the next run if anything is pending. An event recorded
   while the lease was held is therefore always seen: the starter records before it tries the lease, the
   finishing run releases before it looks.
5. ``sweep`` (scheduled) starts runs for partitions with pending inputs and no live lease: what a crash between
   recording and starting, or an expired lease, left behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mdap.pipeline.keys import new_run_id, site_of
from mdap.pipeline.runs import Lease, RunRef
from mdap.ports.blobstore import ObjectCreated
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed
from mdap.ports.table import Table
from mdap.ports.workflow import Workflow

log = logging.getLogger("mdap.pipeline")
STATE_MACHINE = "preprocessing"
PENDING_INDEX = "PIPELINE#PENDING"
MAX_ATTEMPTS = 3  # inputs of runs that failed this often are left for a person (mdap pipeline process KEY)


@dataclass(frozen=True)
class PendingInput:
    key: str
    size: int
    at: str
    attempts: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "size": self.size, "at": self.at, "attempts": self.attempts}


@dataclass(frozen=True)
class Limits:
    batch_seconds: int
    max_objects: int
    max_bytes: int


class Intake:
    def __init__(self, table: Table, workflow: Workflow | Callable[[], Workflow], clock: Clock, lease: Lease,
                 limits: Limits, datasets: Iterable[str]) -> None:
        self._table = table
        self._workflow_source = workflow  # a callable: the engine is built only when a run is started
        self._clock = clock
        self._lease = lease
        self._limits = limits
        self._datasets = frozenset(datasets)

    def _workflow(self) -> Workflow:
        source = self._workflow_source
        return source if isinstance(source, Workflow) else source()

    def route(self, key: str) -> tuple[str, str] | None:
        """(dataset, site) of a raw object key ``raw/<dataset>/…``; None for objects no contract reads."""
        parts = key.split("/")
        if len(parts) < 3 or parts[0] != "raw" or parts[1] not in self._datasets:
            return None
        return parts[1], site_of(key)

    def receive(self, events: Iterable[ObjectCreated]) -> list[str]:
        """Record raw objects as pending inputs and start a run for each partition that has none; the ids of
        the runs started."""
        touched: dict[tuple[str, str], None] = {}
        for event in events:
            routed = self.route(event.key) if event.zone == "raw" else None
            if routed is None:
                continue
            self.enqueue(*routed, PendingInput(event.key, event.size, event.at.isoformat()))
            touched[routed] = None
        return [run for dataset, site in touched if (run := self.try_start(dataset, site)) is not None]

    def enqueue(self, dataset: str, site: str, item: PendingInput) -> None:
        self._table.put(_pending_pk(dataset, site), item.key,
                        {**item.as_json(), "dataset": dataset, "site": site, "gsi1pk": PENDING_INDEX,
                         "gsi1sk": f"{dataset}#{site}#{item.key}"})

    def try_start(self, dataset: str, site: str) -> str | None:
        """Start a run for (dataset, site) if its lease is free; the run id, else None."""
        now = self._clock.now()
        run = RunRef(new_run_id(dataset, now), dataset, site)
        if not self._lease.acquire(run, now):
            return None
        try:
            self._workflow().start(STATE_MACHINE, {"run": run.as_json(), "batch_seconds": self._limits.batch_seconds},
                                 name=run.run_id)
        except Exception:
            self._lease.release(run)
            raise
        log.info("pipeline run started", extra={"run_id": run.run_id, "dataset": dataset, "site": site})
        return run.run_id

    def claim(self, run: RunRef) -> list[PendingInput]:
        """Take the partition's pending inputs for ``run`` (oldest keys first, within the limits)."""
        taken: list[PendingInput] = []
        size = 0
        for item in self._pending_items(run.dataset, run.site, self._limits.max_objects):
            pending = _pending(item.data)
            if taken and size + pending.size > self._limits.max_bytes:
                break
            try:
                self._table.delete(item.pk, item.sk, expect_version=item.version)
            except ConditionFailed:  # written again meanwhile: the next run takes the newer object
                continue
            taken.append(pending)
            size += pending.size
        return taken

    def give_back(self, run: RunRef, inputs: Iterable[PendingInput]) -> list[str]:
        """Inputs of a failed run wait again (one more attempt counted); those out of attempts are returned."""
        abandoned = []
        for item in inputs:
            if item.attempts + 1 >= MAX_ATTEMPTS:
                abandoned.append(item.key)
                continue
            if self._table.get(_pending_pk(run.dataset, run.site), item.key) is None:  # not re-sent meanwhile
                self.enqueue(run.dataset, run.site, PendingInput(item.key, item.size, item.at, item.attempts + 1))
        return abandoned

    def has_pending(self, dataset: str, site: str) -> bool:
        return bool(self._table.query(_pending_pk(dataset, site), limit=1).items)

    def after_run(self, run: RunRef, *, start_next: bool = True) -> str | None:
        """Release the run's lease; then start the next run if inputs are waiting."""
        self._lease.release(run)
        if start_next and self.has_pending(run.dataset, run.site):
            return self.try_start(run.dataset, run.site)
        return None

    def waiting(self) -> list[tuple[str, str]]:
        """Partitions with pending inputs (from the index; each listed once)."""
        found: dict[tuple[str, str], None] = {}
        cursor = None
        while True:
            page = self._table.query(PENDING_INDEX, index="gsi1", limit=1000, cursor=cursor)
            for item in page.items:
                found[(str(item.data["dataset"]), str(item.data["site"]))] = None
            cursor = page.cursor
            if cursor is None:
                return list(found)

    def sweep(self) -> list[str]:
        """Start runs for waiting partitions whose lease is free or expired."""
        return [run for dataset, site in self.waiting() if (run := self.try_start(dataset, site)) is not None]

    def _pending_items(self, dataset: str, site: str, limit: int) -> list[Any]:
        """Read before deleting any: a cursor over a partition that shrinks under it could skip items."""
        items: list[Any] = []
        cursor = None
        while len(items) < limit:
            page = self._table.query(_pending_pk(dataset, site), limit=min(200, limit - len(items)), cursor=cursor)
            items += page.items
            cursor = page.cursor
            if cursor is None:
                break
        return items


def _pending_pk(dataset: str, site: str) -> str:
    return f"PIPELINE#PENDING#{dataset}#{site}"


def _pending(data: Mapping[str, Any]) -> PendingInput:
    return PendingInput(str(data["key"]), int(data["size"]), str(data["at"]), int(data.get("attempts", 0)))
