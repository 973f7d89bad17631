"""`mdap pipeline`: the preprocessing steps on raw objects or local files, and the record of recent runs.

    mdap pipeline process PATH_OR_KEY… [--dataset NAME] [--site SITE]
    mdap pipeline runs [--dataset NAME] [--limit 20] [--format table|json]

``process`` runs exactly the steps a workflow run does (mdap.pipeline.tasks.stages), in this process, under the
same lease, so it never races the platform's own runs: a raw key (``raw/<dataset>/site=…/…``) is read from the
raw zone, a local file is read from disk (its dataset detected from its name or header row when --dataset is
not given). The curated rows, quarantine and run record land where a workflow run puts them.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from mdap.settings import load_settings

STEP_NAMES = ("validate", "clean", "deidentify", "enrich", "write", "measure")
LEASE_WAIT_SECONDS = 120


class Refused(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"mdap: {self.format_message()}", err=True)


@dataclass(frozen=True)
class Source:
    key: str  # the raw key, or the file's name (what quarantine calls the object)
    data: bytes | None  # a local file's bytes; None for a raw object
    dataset: str
    site: str


@click.group("pipeline")
def pipeline_group() -> None:
    """The preprocessing pipeline: process raw objects or files, list recent runs."""


@pipeline_group.command("process")
@click.argument("paths", nargs=-1, required=True)
@click.option("--dataset", default=None, help="Dataset of every path (default: detected per path).")
@click.option("--site", default="unassigned", show_default=True,
              help="Site of local files (raw keys carry their own site=… folder).")
def process_command(paths: tuple[str, ...], dataset: str | None, site: str) -> None:
    """Run validate → clean → de-identify → enrich → write → measure on raw objects or local files."""
    from mdap.bootstrap import bootstrap
    from mdap.pipeline.tasks.wiring import pipeline

    p = pipeline(bootstrap(load_settings()))
    if dataset is not None and dataset not in p.contracts:
        raise Refused(f"unknown dataset {dataset!r}; known: {', '.join(sorted(p.contracts))}")
    sources = [_source(p, path, dataset, site) for path in paths]
    failed = False
    for (group_dataset, group_site), group in _groups(sources).items():
        failed |= not _process(p, group_dataset, group_site, group)
    sys.exit(1 if failed else 0)


@pipeline_group.command("runs")
@click.option("--dataset", default=None, help="Only this dataset's runs.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
def runs_command(dataset: str | None, limit: int, output: str) -> None:
    """Recent runs, newest first: status, inputs, rows in / out / duplicates / quarantined, duration, error."""
    from mdap.bootstrap import bootstrap
    from mdap.pipeline.runs import RunRecords

    records = RunRecords(bootstrap(load_settings()).table).recent(limit=limit, dataset=dataset)
    if output == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(runs_table(records), nl=False)


def runs_table(records: Sequence[dict[str, Any]]) -> str:
    from mdap.cli.query import as_table
    from mdap.ports.query import QueryResult

    columns = ["run_id", "dataset", "site", "status", "started_at", "duration_s", "inputs", "rows_in", "rows_out",
               "duplicates", "quarantined", "error"]
    rows = []
    for r in records:
        counts = r.get("counts") or {}
        rows.append((r["run_id"], r["dataset"], r["site"], r["status"], r["started_at"][:19],
                     r.get("duration_s"), r.get("input_count"), counts.get("rows_in"), counts.get("rows_out"),
                     counts.get("duplicates"), counts.get("quarantined"), r.get("error") or ""))
    return as_table(QueryResult(columns, rows))


def _source(p: Any, path: str, dataset: str | None, site: str) -> Source:
    from mdap.pipeline.keys import site_of
    from mdap.ports.errors import InvalidRequest, NotFound

    local = Path(path)
    if local.is_file():
        data = local.read_bytes()
        found = dataset or detect(local.name, data)
        if found is None:
            raise Refused(f"cannot tell the dataset of {path} from its name or header row; give --dataset "
                          f"({', '.join(sorted(p.contracts))})")
        return Source(local.name, data, found, site)
    try:
        p.raw.head(path)
    except (NotFound, InvalidRequest):
        raise Refused(f"{path} is neither a file nor an object of the raw zone") from None
    routed = p.intake.route(path)
    found = dataset or (routed[0] if routed else None)
    if found is None:
        raise Refused(f"cannot tell the dataset of {path}; raw keys start raw/<dataset>/, or give --dataset")
    return Source(path, None, found, site_of(path))


def detect(name: str, data: bytes) -> str | None:
    """The dataset of a local file: from its name, else from its header row (names and Korean aliases)."""
    from mdap.pipeline.contracts import detect_dataset, load_contracts
    from mdap.pipeline.formats import UnreadableObject, parse

    found = detect_dataset(name)
    if found is not None:
        return found
    contracts = load_contracts().values()
    try:
        parsed = parse(data, lambda cells: max(sum(c.column_for(str(x)) is not None for x in cells if x)
                                               for c in contracts))
    except (UnreadableObject, ValueError):
        return None
    return detect_dataset(name, parsed.table.column_names)


def _groups(sources: Sequence[Source]) -> dict[tuple[str, str], list[Source]]:
    groups: dict[tuple[str, str], list[Source]] = {}
    for source in sources:
        groups.setdefault((source.dataset, source.site), []).append(source)
    return groups


def _process(p: Any, dataset: str, site: str, sources: list[Source]) -> bool:
    from mdap.pipeline.keys import new_run_id, work_key
    from mdap.pipeline.runs import RunRef
    from mdap.pipeline.tasks import stages
    from mdap.pipeline.tasks.work import Work

    run = RunRef(new_run_id(dataset, p.c.clock.now()), dataset, site)
    _take_lease(p, run)
    work = Work(p.work, run.run_id)
    inputs = []
    for index, source in enumerate(sources):
        item: dict[str, Any] = {"key": source.key, "size": len(source.data or b""), "at": p.c.clock.now().isoformat()}
        if source.data is not None:
            item["stored"] = work_key(run.run_id, f"input-{index}")
            p.work.put(item["stored"], source.data)
        inputs.append(item)
    work.put_json("inputs", inputs)
    try:
        stages.claim(p, run, source="cli")
        with click.progressbar(STEP_NAMES, label=f"{dataset} / {site}", item_show_func=lambda s: s or "",
                               file=sys.stderr) as bar:
            for name in bar:
                getattr(stages, name)(p, run)
    except Exception as exc:
        stages.fail(p, run, type(exc).__name__, str(exc))
        click.echo(f"mdap: run {run.run_id} failed: {type(exc).__name__}: {exc}", err=True)
        return False
    work.clear()
    p.intake.after_run(run, start_next=False)  # the platform's sweeper starts what waits meanwhile
    click.echo(summary(p.records.get(run.run_id)))
    return True


def _take_lease(p: Any, run: Any) -> None:
    deadline = time.monotonic() + LEASE_WAIT_SECONDS
    told = False
    while not p.lease.acquire(run, p.c.clock.now()):
        if time.monotonic() > deadline:
            raise Refused(f"{run.dataset}/{run.site} is still being processed by run "
                          f"{p.lease.holder(run.dataset, run.site)}; try again later")
        if not told:
            click.echo(f"waiting for run {p.lease.holder(run.dataset, run.site)} of {run.dataset}/{run.site}…",
                       err=True)
            told = True
        time.sleep(0.5)


def summary(record: dict[str, Any]) -> str:
    counts = record.get("counts") or {}
    lines = [f"{record['dataset']} / {record['site']}: run {record['run_id']} {record['status']} "
             f"in {record.get('duration_s', 0):.1f} s",
             f"  objects {counts.get('objects', 0)} (unreadable {counts.get('objects_rejected', 0)})  "
             f"rows in {counts.get('rows_in', 0)}  out {counts.get('rows_out', 0)}  "
             f"duplicates {counts.get('duplicates', 0)}  quarantined {counts.get('quarantined', 0)}"]
    reasons = record.get("quarantined_by_reason") or {}
    if reasons:
        lines.append("  quarantined by reason:")
        width = max(len(code) for code in reasons)
        lines += [f"    {code:<{width}}  {count}" for code, count in reasons.items()]
    return "\n".join(lines)
