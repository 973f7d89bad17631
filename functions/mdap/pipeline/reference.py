"""Reference data a run joins with, read from where the pipeline itself put it, for one site.

- ``assets`` and ``shifts``: the site's curated reference tables (uploaded as raw CSV/XLSX and processed like
  any dataset; the demo factory seeds them);
- ``production_orders`` and ``inspection_records``: the site's curated rows of the days the batch covers and
  the day before (an order started yesterday may run today);
- ``worker_names``: the worker master, real names the free-text detector must know. It never enters the
  curated zone: plain text objects under ``raw/_reference/workers/site=<site>/`` (one name a line, or the first
  column of a CSV with a header), in the raw zone, which is restricted like the people it lists.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import pyarrow as pa

from mdap.pipeline.formats import UnreadableObject, decode
from mdap.pipeline.stage import Reference
from mdap.pipeline.writer import CuratedWriter, Layout
from mdap.ports.blobstore import BlobStore

WORKERS_PREFIX = "raw/_reference/workers/"
_NAME_HEADERS = {"name", "이름", "성명", "worker", "작업자", "검사자"}


def load_reference(writer: CuratedWriter, layouts: Mapping[str, Layout], raw: BlobStore, site: str,
                   days: Iterable[str]) -> Reference:
    wanted = _with_day_before(days)
    return Reference(
        assets=_site_table(writer, layouts.get("assets"), site, ()),
        shifts=_site_table(writer, layouts.get("shifts"), site, ()),
        production_orders=_site_table(writer, layouts.get("production_orders"), site, wanted),
        inspection_records=_site_table(writer, layouts.get("inspection_records"), site, wanted),
        worker_names=worker_names(raw, site),
    )


def worker_names(raw: BlobStore, site: str) -> frozenset[str]:
    names: set[str] = set()
    for info in raw.list(f"{WORKERS_PREFIX}site={site}/"):
        try:
            text, _ = decode(raw.get(info.key))  # the shop floor's files are UTF-8 or CP949: detected, not assumed
        except UnreadableObject:
            raise ValueError(f"worker master {info.key} is in no encoding known (UTF-8, CP949)") from None
        for row in csv.reader(io.StringIO(text)):
            cell = row[0].strip() if row else ""
            if cell and cell.lower() not in _NAME_HEADERS:
                names.add(cell)
    return frozenset(names)


def _site_table(writer: CuratedWriter, layout: Layout | None, site: str, days: tuple[str, ...]) -> pa.Table | None:
    """The curated rows of ``site`` (and of ``days`` when the table is partitioned by date), partition columns
    included; None when the table has none."""
    if layout is None:
        return None
    combos = [(site, day) for day in days] if "date" in layout.partitions else [(site,)]
    tables = []
    for values in combos:
        rows = writer.current(layout, values)
        for name, value in zip(layout.partitions, values, strict=True):
            rows = rows.append_column(name, pa.array([value] * rows.num_rows, pa.string()))
        tables.append(rows)
    found = [t for t in tables if t.num_rows]
    return pa.concat_tables(found) if found else None


def _with_day_before(days: Iterable[str]) -> tuple[str, ...]:
    wanted = set()
    for day in days:
        wanted.add(day)
        wanted.add((date.fromisoformat(day) - timedelta(days=1)).isoformat())
    return tuple(sorted(wanted))
