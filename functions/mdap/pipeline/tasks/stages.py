"""The steps of one run over the ports: each reads what the previous step left in the run's work prefix, calls
one pure step of ``mdap.pipeline.steps`` and leaves its output there. The Step Functions tasks call them one by
one; ``mdap pipeline process`` calls the same functions in a row. Each is safe to run again (a retried task
overwrites its own output), and each step renews the run's lease, so a run that lost it writes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mdap.catalog.generated import ROLLUP_DATASET
from mdap.pipeline import steps
from mdap.pipeline.coerce import kst_dates
from mdap.pipeline.columns import plain
from mdap.pipeline.contracts import DATE, Contract
from mdap.pipeline.deidentify import name_values
from mdap.pipeline.events import PendingInput
from mdap.pipeline.keys import quality_key, quarantine_key
from mdap.pipeline.reference import load_reference
from mdap.pipeline.runs import RunRef
from mdap.pipeline.stage import QUARANTINE_SCHEMA, Inbound, Reference, concat_rejected
from mdap.pipeline.tasks.wiring import Pipeline
from mdap.pipeline.tasks.work import Work
from mdap.pipeline.writer import parquet_bytes, split
from mdap.ports.errors import NotFound
from mdap.ports.secrets import PSEUDONYM_KEY

log = logging.getLogger("mdap.pipeline")
REJECTED = ("rejected-read", "rejected-validate", "rejected-clean", "rejected-deidentify")


def claim(p: Pipeline, run: RunRef, *, source: str = "event") -> dict[str, Any]:
    """Take the partition's pending inputs (once: a retry finds them in the work prefix) and open the record."""
    work = Work(p.work, run.run_id)
    p.lease.renew(run, p.c.clock.now())
    if work.has("inputs.json"):
        inputs = work.json("inputs")
    else:
        inputs = [item.as_json() for item in p.intake.claim(run)]
        work.put_json("inputs", inputs)
    if inputs:
        p.records.start(run, inputs=[i["key"] for i in inputs], source=source, now=p.c.clock.now())
    return {"inputs": len(inputs)}


def validate(p: Pipeline, run: RunRef) -> dict[str, Any]:
    contract, work = _begin(p, run)
    objects = [_inbound(p, work, item, run.site) for item in work.json("inputs")]
    read = steps.read_objects(contract, objects)
    table = read.table.unify_dictionaries()  # objects' dictionary columns differ; Arrow's group-by needs one
    reference = _reference(p, run, contract, table, with_events=False)
    checked = steps.validate(contract, table, assets=reference.assets)
    work.put_table("validated", checked.table)
    work.put_table("rejected-read", read.rejected)
    work.put_table("rejected-validate", checked.rejected)
    work.put_json("report-read", read.report)
    work.put_json("report-validate", checked.report)
    return {"rows": read.table.num_rows, "valid": checked.table.num_rows,
            "rejected": read.rejected.num_rows + checked.rejected.num_rows}


def clean(p: Pipeline, run: RunRef) -> dict[str, Any]:
    contract, work = _begin(p, run)
    table = work.table("validated")
    # keep "first": rows curated by earlier runs win (theirs are duplicates); keep "last": the writer supersedes
    earlier = contract.keep == "first" and table.num_rows
    existing = p.writer.existing_keys(p.layouts[contract.name], _dated(contract, table), contract.keys) \
        if earlier else None
    cleaned = steps.clean(contract, table, now=p.c.clock.now(), existing_keys=existing)
    work.put_table("cleaned", cleaned.table)
    work.put_table("rejected-clean", cleaned.rejected)
    work.put_json("report-clean", cleaned.report)
    return {"rows": cleaned.table.num_rows, "duplicates": int(cleaned.report.get("duplicates", 0))}


def deidentify(p: Pipeline, run: RunRef) -> dict[str, Any]:
    contract, work = _begin(p, run)
    table = work.table("cleaned")
    reference = _reference(p, run, contract, table, with_events=False)
    names = reference.worker_names | name_values(contract, table)
    pseudonymizer = steps.Pseudonymizer(p.c.secrets.secret(PSEUDONYM_KEY))
    private = steps.deidentify(contract, table, pseudonymizer, known_names=names)
    work.put_table("private", private.table)
    work.put_table("rejected-deidentify", private.rejected)
    work.put_json("report-deidentify", private.report)
    return {"rows": private.table.num_rows}


def enrich(p: Pipeline, run: RunRef) -> dict[str, Any]:
    contract, work = _begin(p, run)
    table = work.table("private")
    curated = steps.enrich(contract, table, _reference(p, run, contract, table))
    work.put_table("curated", curated)
    return {"rows": curated.num_rows}


def write(p: Pipeline, run: RunRef) -> dict[str, Any]:
    """Curated partitions (and the sensor rollup) committed through their manifests, quarantine rows per source
    object, and every new partition made known to the query engine."""
    contract, work = _begin(p, run)
    now = p.c.clock.now()
    curated = work.table("curated")
    manifests = p.writer.commit(p.layouts[contract.name], curated, run_id=run.run_id, now=now)
    if contract.name == ROLLUP_DATASET and "rollup" in p.layouts:
        manifests += p.writer.commit(p.layouts["rollup"], _rollup(p, contract, curated), run_id=run.run_id, now=now)
    quarantined = _write_quarantine(p, run, _rejected(work), [i["key"] for i in work.json("inputs")])
    p.lease.renew(run, p.c.clock.now())  # still the holder: the partitions are ours
    p.c.query.register_partitions("curated", manifests)
    p.c.query.register_partitions("quarantine", quarantined)
    return {"partitions": len(manifests), "quarantine_objects": len(quarantined)}


def measure(p: Pipeline, run: RunRef) -> dict[str, Any]:
    """Data-quality metrics (per dataset, tag and day) and the run record's figures."""
    contract, work = _begin(p, run)
    now = p.c.clock.now()
    curated, rejected = work.table("curated"), _rejected(work)
    clean_report = work.json("report-clean", {})
    duplicates = int(clean_report.get("duplicates", 0))
    # per group when clean said which; an empty list means none (the metrics then say 0, not unknown)
    metrics = steps.quality(contract, curated, rejected, duplicates=clean_report.get("duplicate_groups") or duplicates,
                            now=now)
    written = [_put_quality(p, contract.name, day, run.run_id, rows) for (day,), rows in _by_day(metrics)]
    p.c.query.register_partitions("curated", written)
    counts = _counts(work.json("report-read", {}), rejected, curated, duplicates)
    by_reason = dict(sorted(Counter(rejected["reason_code"].to_pylist()).items()))
    anonymity = steps.k_anonymity(contract, curated) if contract.quasi_identifiers else None
    p.records.finish(run.run_id, status="succeeded", now=now, counts=counts, quarantined_by_reason=by_reason,
                     k_anonymity=anonymity, reports=_reports(work))
    return {"counts": counts, "quarantined_by_reason": by_reason}


def finish(p: Pipeline, run: RunRef) -> dict[str, Any]:
    """The run's work files go, its lease is released, and the next run starts if inputs are waiting."""
    Work(p.work, run.run_id).clear()
    return {"next_run": p.intake.after_run(run)}


def fail(p: Pipeline, run: RunRef, error: str, cause: str) -> dict[str, Any]:
    """Systemic failure: the record says so, the inputs wait again (up to a limit), the lease is released."""
    work = Work(p.work, run.run_id)
    listed = work.json("inputs", [])
    inputs = [PendingInput(i["key"], int(i["size"]), i["at"], int(i.get("attempts", 0))) for i in listed]
    # objects of the raw zone wait again; a command line's local files are the person's to re-run
    abandoned = p.intake.give_back(run, [i for i, raw in zip(inputs, listed, strict=True) if "stored" not in raw])
    fields = {"error": error, "cause": cause[:2000], "abandoned_inputs": abandoned[:100]}
    try:
        p.records.finish(run.run_id, status="failed", now=p.c.clock.now(), **fields)
    except NotFound:  # failed before its record was opened
        p.records.start(run, inputs=[i.key for i in inputs], source="event", now=p.c.clock.now())
        p.records.finish(run.run_id, status="failed", now=p.c.clock.now(), **fields)
    p.lease.release(run)
    log.error("pipeline run failed", extra={"run_id": run.run_id, "error": error, "abandoned": len(abandoned)})
    return {"abandoned": len(abandoned)}


# -- helpers ----------------------------------------------------------------------------------------------
def _begin(p: Pipeline, run: RunRef) -> tuple[Contract, Work]:
    p.lease.renew(run, p.c.clock.now())
    return p.contracts[run.dataset], Work(p.work, run.run_id)


def _inbound(p: Pipeline, work: Work, item: dict[str, Any], site: str) -> Inbound:
    """A raw object by key, or a local file the command line put into the work prefix (``stored``)."""
    stored = item.get("stored")
    try:
        data = p.work.get(stored) if stored else p.raw.get(item["key"])
    except NotFound:
        data = b""  # gone since the event: read reports it as an empty object
    return Inbound(item["key"], data, site)


def _reference(p: Pipeline, run: RunRef, contract: Contract, table: pa.Table, *,
               with_events: bool = True) -> Reference:
    layouts = {name: layout for name, layout in p.layouts.items()
               if name != contract.name and (with_events or name in ("assets", "shifts"))}
    return load_reference(p.writer, layouts, p.raw, run.site, days_of(contract, table))


def days_of(contract: Contract, table: pa.Table) -> list[str]:
    """The KST days rows fall on: their ``date`` column, else their time column (where it is a timestamp)."""
    if DATE in table.column_names:
        return sorted(d for d in pc.unique(table[DATE]).to_pylist() if d)
    return sorted(d for d in pc.unique(_kst_days(contract, table)).to_pylist() if d) if table.num_rows else []


def _rollup(p: Pipeline, contract: Contract, curated: pa.Table) -> pa.Table:
    """The 1-minute aggregates of every minute the new rows fall in, recomputed from all curated rows of those
    minutes (a minute's readings arrive over several runs), so each (asset, tag, minute) has one exact row."""
    layout = p.layouts[contract.name]
    columns = ["asset", "tag", "ts", "value", "quality"]
    touched = pc.unique(_series(curated))
    found = []
    for values, rows in split(curated, layout.partitions):
        low = _minute_floor(pc.min(rows["ts"]).as_py())
        high = _minute_floor(pc.max(rows["ts"]).as_py()) + timedelta(minutes=1) - timedelta(microseconds=1)
        current = p.writer.between(layout, values, low, high, columns)
        current = current.filter(pc.is_in(_series(current), value_set=touched))
        for name, value in zip(layout.partitions, values, strict=True):
            current = current.append_column(name, pa.array([value] * current.num_rows, pa.string()))
        found.append(steps.rollup_1m(current))
    return pa.concat_tables(found) if found else steps.rollup_1m(curated.slice(0, 0))


def _series(rows: pa.Table) -> pa.Array:
    """One value per (asset, tag)."""
    return pc.binary_join_element_wise(plain(rows["asset"]).cast(pa.string()), plain(rows["tag"]).cast(pa.string()),
                                       "\x1f")


def _minute_floor(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _dated(contract: Contract, table: pa.Table) -> pa.Table:
    """Rows with their ``date`` partition (clean adds it; before clean it comes from the time column)."""
    if DATE not in contract.partitions or DATE in table.column_names:
        return table
    return table.append_column(DATE, pa.array(_kst_days(contract, table), pa.string()))


def _kst_days(contract: Contract, table: pa.Table) -> pa.Array:
    time = contract.time_column
    if time and time in table.column_names and pa.types.is_timestamp(table.schema.field(time).type):
        return kst_dates(table[time])
    return pa.nulls(table.num_rows, pa.string())


def _rejected(work: Work) -> pa.Table:
    return concat_rejected([work.table(name) for name in REJECTED if work.has(f"{name}.parquet")])


def _write_quarantine(p: Pipeline, run: RunRef, rejected: pa.Table, inputs: list[str]) -> list[str]:
    """One file per source object with rejected rows (replacing that object's earlier ones); an object now
    without rejected rows loses its earlier file."""
    written = []
    by_object = {str(o): rows for (o,), rows in split(rejected, ["object"])} if rejected.num_rows else {}
    for source in sorted(set(inputs) | set(by_object)):
        key = quarantine_key(run.dataset, run.site, source)
        rows = by_object.get(source)
        if rows is None:
            p.quarantine.delete(key)
            continue
        data = rows.select([n for n in QUARANTINE_SCHEMA.names if n != "dataset"])
        p.quarantine.put(key, parquet_bytes(data), content_type="application/vnd.apache.parquet")
        written.append(key)
    return written


def _by_day(metrics: pa.Table) -> list[tuple[tuple[str, ...], pa.Table]]:
    return split(metrics, [DATE]) if DATE in metrics.column_names else [(("unknown",), metrics)]


def _put_quality(p: Pipeline, dataset: str, day: str, run_id: str, rows: pa.Table) -> str:
    key = quality_key(dataset, day, run_id)
    data = rows.drop_columns([n for n in ("dataset", DATE) if n in rows.column_names])
    p.c.blobs["curated"].put(key, parquet_bytes(data), content_type="application/vnd.apache.parquet")
    return key


def _counts(read_report: dict[str, Any], rejected: pa.Table, curated: pa.Table, duplicates: int) -> dict[str, int]:
    objects_rejected = int(pc.sum(pc.equal(rejected["row_number"], 0)).as_py() or 0)
    return {"objects": int(read_report.get("objects", 0)), "objects_rejected": objects_rejected,
            "rows_in": int(read_report.get("rows", 0)), "rows_out": curated.num_rows, "duplicates": duplicates,
            "quarantined": rejected.num_rows - objects_rejected}


def _reports(work: Work) -> dict[str, Any]:
    """Each step's report, trimmed to what a record can hold (per-object details are capped)."""
    found = {}
    for step in ("read", "validate", "clean", "deidentify"):
        report = work.json(f"report-{step}", {})
        found[step] = {k: (v if not isinstance(v, dict | list) or len(v) <= 50 else f"{len(v)} entries")
                       for k, v in report.items()}
    return found
