"""Runs of the preprocessing pipeline in the Table: the lease that keeps one run at a time per dataset and site,
and the run records the monitoring page and ``mdap pipeline runs`` read.

Lease: one item per (dataset, site), taken with a conditional write (must not exist, or must still be at the
version an expired holder left). Each step renews it and checks it is still the holder; release deletes it
(conditional on the version read), so a run that lost its lease can never release another run's. A run that
dies without releasing (a stopped execution, a crashed process) blocks its partition only until the lease
expires; the sweeper then starts what is waiting.

Run record: ``PIPELINE#RUN#<run id>`` listed newest first through gsi1 (``PIPELINE#RUNS``), kept 90 days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mdap.ports.errors import ConditionFailed, NotFound
from mdap.ports.table import Table

LEASE_PK = "PIPELINE#LEASE"
RUNS_INDEX = "PIPELINE#RUNS"
RECORD_DAYS = 90
STATUSES = ("running", "succeeded", "failed")


class LeaseLost(Exception):
    """This run no longer holds its partition's lease (it expired and another run took it): nothing is written."""


@dataclass(frozen=True)
class RunRef:
    """What a run is about; the state machine carries this, never rows."""

    run_id: str
    dataset: str
    site: str

    def as_json(self) -> dict[str, str]:
        return {"run_id": self.run_id, "dataset": self.dataset, "site": self.site}

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> RunRef:
        return cls(str(data["run_id"]), str(data["dataset"]), str(data["site"]))


class Lease:
    def __init__(self, table: Table, seconds: int) -> None:
        self._table = table
        self._seconds = seconds

    def acquire(self, run: RunRef, now: datetime) -> bool:
        """Take the lease of the run's (dataset, site) for ``run``; False while another run holds it."""
        current = self._table.get(LEASE_PK, _sk(run))
        if current is not None and current.data.get("run_id") == run.run_id:
            return True
        if current is not None and float(current.data["until"]) > now.timestamp():
            return False
        try:
            self._table.put(LEASE_PK, _sk(run), self._data(run, now), expect_version=current.version if current else 0)
        except ConditionFailed:
            return False
        return True

    def renew(self, run: RunRef, now: datetime) -> None:
        """Extend the lease for another full period; LeaseLost when ``run`` is not its holder any more."""
        current = self._table.get(LEASE_PK, _sk(run))
        if current is None or current.data.get("run_id") != run.run_id:
            raise LeaseLost(f"run {run.run_id} no longer holds the lease of {run.dataset}/{run.site}")
        try:
            self._table.put(LEASE_PK, _sk(run), self._data(run, now), expect_version=current.version)
        except ConditionFailed:
            raise LeaseLost(f"run {run.run_id} lost the lease of {run.dataset}/{run.site} while renewing") from None

    def release(self, run: RunRef) -> bool:
        """Give the lease up if ``run`` holds it; True when it did."""
        current = self._table.get(LEASE_PK, _sk(run))
        if current is None or current.data.get("run_id") != run.run_id:
            return False
        try:
            self._table.delete(LEASE_PK, _sk(run), expect_version=current.version)
        except ConditionFailed:
            return False
        return True

    def holder(self, dataset: str, site: str) -> str | None:
        current = self._table.get(LEASE_PK, f"{dataset}#{site}")
        return str(current.data["run_id"]) if current is not None else None

    def _data(self, run: RunRef, now: datetime) -> dict[str, Any]:
        return {**run.as_json(), "until": now.timestamp() + self._seconds, "taken_at": now.isoformat()}


def _sk(run: RunRef) -> str:
    return f"{run.dataset}#{run.site}"


class RunRecords:
    """One record per run: inputs, rows in / out / quarantined, duration, status, error."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def start(self, run: RunRef, *, inputs: list[str], source: str, now: datetime) -> dict[str, Any]:
        existing = self._table.get(_pk(run.run_id), "RECORD")
        if existing is not None:  # a retried step: the record is already there
            return dict(existing.data)
        record = {**run.as_json(), "status": "running", "source": source, "started_at": now.isoformat(),
                  "inputs": inputs[:100], "input_count": len(inputs), "gsi1pk": RUNS_INDEX,
                  "gsi1sk": f"{now.isoformat()}#{run.run_id}",
                  "expires_at": int((now + timedelta(days=RECORD_DAYS)).timestamp())}
        self._table.put(_pk(run.run_id), "RECORD", record)
        return record

    def update(self, run_id: str, **fields: Any) -> dict[str, Any]:
        current = self._table.get(_pk(run_id), "RECORD")
        if current is None:
            raise NotFound(f"no pipeline run {run_id}")
        record = {**current.data, **fields}
        self._table.put(_pk(run_id), "RECORD", record, expect_version=current.version)
        return record

    def finish(self, run_id: str, *, status: str, now: datetime, **fields: Any) -> dict[str, Any]:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        current = self.get(run_id)
        started = datetime.fromisoformat(current["started_at"])
        return self.update(run_id, status=status, finished_at=now.isoformat(),
                           duration_s=round((now - started).total_seconds(), 3), **fields)

    def get(self, run_id: str) -> dict[str, Any]:
        item = self._table.get(_pk(run_id), "RECORD")
        if item is None:
            raise NotFound(f"no pipeline run {run_id}")
        return dict(item.data)

    def recent(self, *, limit: int = 20, dataset: str | None = None) -> list[dict[str, Any]]:
        """Newest first; ``dataset`` filters (the index holds every dataset's runs)."""
        found: list[dict[str, Any]] = []
        cursor = None
        while len(found) < limit:
            page = self._table.query(RUNS_INDEX, index="gsi1", descending=True, limit=100, cursor=cursor)
            found += [dict(i.data) for i in page.items if dataset is None or i.data.get("dataset") == dataset]
            cursor = page.cursor
            if cursor is None:
                break
        return found[:limit]


def _pk(run_id: str) -> str:
    return f"PIPELINE#RUN#{run_id}"
