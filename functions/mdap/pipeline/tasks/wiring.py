"""The pipeline's services over one Container: what every task handler and ``mdap pipeline`` use."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from mdap.bootstrap import Container
from mdap.catalog import Catalog, load_catalog
from mdap.catalog.generated import ROLLUP_DATASET, ROLLUP_TABLE, curated_name, storage_schema
from mdap.pipeline.contracts import Contract, load_contracts
from mdap.pipeline.events import Intake, Limits
from mdap.pipeline.runs import Lease, RunRecords
from mdap.pipeline.writer import CuratedWriter, Layout
from mdap.ports.blobstore import BlobStore


@dataclass
class Pipeline:
    c: Container

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog()

    @cached_property
    def contracts(self) -> dict[str, Contract]:
        return load_contracts()

    @cached_property
    def lease(self) -> Lease:
        return Lease(self.c.table, self.c.settings.pipeline_lease_seconds)

    @cached_property
    def records(self) -> RunRecords:
        return RunRecords(self.c.table)

    @cached_property
    def intake(self) -> Intake:
        s = self.c.settings
        limits = Limits(s.pipeline_batch_seconds, s.pipeline_max_objects, s.pipeline_max_mb * 1024 * 1024)
        return Intake(self.c.table, lambda: self.c.workflow, self.c.clock, self.lease, limits, self.contracts)

    @cached_property
    def writer(self) -> CuratedWriter:
        return CuratedWriter(self.c.blobs["curated"], self.c.settings.curated_bucket)

    @cached_property
    def layouts(self) -> dict[str, Layout]:
        """Each dataset's curated table, and "rollup" for the 1-minute aggregates."""
        found = {name: self._layout(contract) for name, contract in self.contracts.items()}
        rollup = self.catalog.table(ROLLUP_TABLE)
        if rollup is not None and ROLLUP_DATASET in self.contracts:
            found["rollup"] = Layout(rollup.prefix, tuple(p.name for p in rollup.partitions), storage_schema(rollup),
                                     ("asset", "tag", "minute"), "minute", supersede=True)
        return found

    def _layout(self, contract: Contract) -> Layout:
        table = self.catalog.table(curated_name(contract.name))
        if table is None:
            raise LookupError(f"the catalog has no table for dataset {contract.name}")
        return Layout(table.prefix, contract.partitions, storage_schema(table),
                      tuple(k for k in contract.keys if k not in contract.partitions), contract.time_column,
                      supersede=contract.keep == "last")

    @property
    def raw(self) -> BlobStore:
        return self.c.blobs["raw"]

    @property
    def work(self) -> BlobStore:
        from mdap.pipeline.keys import WORK_ZONE

        return self.c.blobs[WORK_ZONE]

    @property
    def quarantine(self) -> BlobStore:
        return self.c.blobs["quarantine"]


_lock = threading.Lock()
_pipelines: dict[int, Pipeline] = {}


def pipeline(container: Container) -> Pipeline:
    """One Pipeline per container (the catalog and contracts are read once)."""
    with _lock:
        found = _pipelines.get(id(container))
        if found is None or found.c is not container:
            found = _pipelines[id(container)] = Pipeline(container)
        return found
