"""The preprocessing steps, pure over Arrow tables, and ``run_steps``: the whole chain for one dataset.

The Step Functions tasks call the single steps (each thin handler reads its objects, calls one function here and
writes what it returns); ``mdap pipeline process`` and the tests call ``run_steps``. No step does I/O beyond the
bytes it is given, so a re-run on the same input gives the same rows.

Row accounting, checked by the property tests: ``rows_in == rows_out + duplicates + quarantined``, where
``quarantined`` counts row-level rejections; an object that cannot be read at all is one quarantine entry with
row number 0, counted in ``objects_rejected``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline.clean import clean
from mdap.pipeline.contracts import Contract, load_contracts
from mdap.pipeline.deidentify import deidentify, name_values
from mdap.pipeline.enrich import enrich
from mdap.pipeline.pseudonym import Pseudonymizer
from mdap.pipeline.quality import k_anonymity, quality
from mdap.pipeline.read import read_objects
from mdap.pipeline.rollup import ROLLUP_SCHEMA, rollup_1m
from mdap.pipeline.stage import QUARANTINE_SCHEMA, REASONS, Inbound, Reference, Stage, concat_rejected
from mdap.pipeline.validate import validate

__all__ = ["QUARANTINE_SCHEMA", "REASONS", "ROLLUP_SCHEMA", "Inbound", "Pseudonymizer", "Reference", "Stage",
           "StepsResult", "clean", "deidentify", "enrich", "k_anonymity", "quality", "read_objects", "rollup_1m",
           "run_steps", "validate"]


@dataclass
class StepsResult:
    dataset: str
    curated: pa.Table  # curated schema + partition columns, sorted by the keys
    quarantine: pa.Table  # QUARANTINE_SCHEMA
    rollup: pa.Table | None  # sensor_readings only: ROLLUP_SCHEMA
    quality: pa.Table
    counts: dict[str, int]  # objects, objects_rejected, rows_in, rows_out, duplicates, quarantined
    quarantined_by_reason: dict[str, int]
    k_anonymity: dict[str, Any] | None
    report: dict[str, Any] | None = None  # every step's report, by step name


def run_steps(dataset: str, objects: Sequence[Inbound], *, reference: Reference, pseudonymizer: Pseudonymizer,
              now: datetime, existing_keys: pa.Table | None = None) -> StepsResult:
    """read -> validate -> clean -> de-identify -> enrich -> rollup -> quality, for the objects of one dataset.

    Each stage's table is let go as soon as the next exists: at millions of rows two copies must be the most
    ever held (the Lambda's memory is the limit)."""
    contract = load_contracts()[dataset]
    stage = read_objects(contract, objects)
    reports, rejected = {"read": stage.report}, [stage.rejected]
    stage = validate(contract, stage.table, assets=reference.assets)
    reports["validate"], rejected = stage.report, [*rejected, stage.rejected]
    stage = clean(contract, stage.table, now=now, existing_keys=existing_keys)
    reports["clean"], rejected = stage.report, [*rejected, stage.rejected]
    names = reference.worker_names | name_values(contract, stage.table)
    stage = deidentify(contract, stage.table, pseudonymizer, known_names=names)
    reports["deidentify"], rejected = stage.report, [*rejected, stage.rejected]
    curated = enrich(contract, stage.table, reference)
    del stage
    quarantine = concat_rejected(rejected)
    duplicates = int(reports["clean"].get("duplicates", 0))
    return StepsResult(
        dataset=dataset, curated=curated, quarantine=quarantine,
        rollup=rollup_1m(curated) if dataset == "sensor_readings" else None,
        quality=quality(contract, curated, quarantine, duplicates=reports["clean"].get("duplicate_groups", duplicates),
                        now=now),
        counts=_counts(reports["read"], quarantine, curated, duplicates),
        quarantined_by_reason=dict(sorted(Counter(quarantine["reason_code"].to_pylist()).items())),
        k_anonymity=k_anonymity(contract, curated) if contract.quasi_identifiers else None,
        report=reports,
    )


def _counts(read: dict[str, Any], quarantine: pa.Table, curated: pa.Table, duplicates: int) -> dict[str, int]:
    object_level = pc.equal(quarantine["row_number"], 0)
    objects_rejected = int(pc.sum(object_level).as_py() or 0)
    return {"objects": int(read.get("objects", 0)), "objects_rejected": objects_rejected,
            "rows_in": int(read.get("rows", 0)), "rows_out": curated.num_rows, "duplicates": duplicates,
            "quarantined": quarantine.num_rows - objects_rejected}


def contract_of(dataset: str) -> Contract:
    """The contract of a dataset by name (KeyError for an unknown one)."""
    return load_contracts()[dataset]
