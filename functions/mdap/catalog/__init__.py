"""The catalog: one definition of the analytical tables and views, read by both query engines and by CDK.

``tables.json`` lists the tables written outside the pipeline (the edge's raw readings); with ``"contracts":
true`` it also takes the tables generated from the pipeline's dataset contracts (``mdap.catalog.generated``:
curated tables, the 1-minute rollup, data-quality metrics, quarantine), and with ``"views": "<folder>"`` the
Athena-dialect views kept as ``.sql`` files there (``mdap.catalog.views``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).with_name("tables.json")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
REGISTRATIONS = ("projection", "on_arrival")
LAYOUTS = ("files", "manifest")
MANIFEST_DIR = "_symlink_format_manifest/"


class CatalogError(Exception):
    """The catalog file is malformed; the message names the table and the field."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Hive/Athena DDL type: string, double, timestamp, bigint, decimal(12,2)...
    description: str = ""


@dataclass(frozen=True)
class Partition(Column):
    projection: dict[str, str] = field(default_factory=dict)  # Athena partition projection settings


@dataclass(frozen=True)
class TableDef:
    name: str
    zone: str
    prefix: str
    columns: tuple[Column, ...]
    partitions: tuple[Partition, ...]
    format: str = "parquet"
    description: str = ""
    partition_registration: str = "projection"  # or "on_arrival": Glue partitions registered as objects land
    # "files": a partition is every Parquet file under its folder; "manifest": the files its symlink manifest
    # ({prefix}_symlink_format_manifest/k1=v1/.../manifest) lists, so a writer switches a partition atomically
    layout: str = "files"
    restricted: bool = False  # read only through views (quarantine keeps original values): never queried by name

    @property
    def partitions_registered(self) -> bool:
        return self.partition_registration == "on_arrival"

    @property
    def data_prefix(self) -> str:
        """Where the partitions' locations start: the manifests' folder for manifest tables."""
        return self.prefix + MANIFEST_DIR if self.layout == "manifest" else self.prefix

    def partition_of(self, key: str) -> tuple[str, ...] | None:
        """The partition values of an object key of this table (``prefix/k1=v1/.../file``; for a manifest table
        the manifest's key), else None."""
        if not key.startswith(self.data_prefix) or (self.layout == "manifest" and not key.endswith("/manifest")):
            return None
        parts = key[len(self.data_prefix):].split("/")
        if len(parts) != len(self.partitions) + 1 or not parts[-1]:
            return None
        values = []
        for partition, part in zip(self.partitions, parts, strict=False):
            name, sep, value = part.partition("=")
            if name != partition.name or not sep or not value:
                return None
            values.append(value)
        return tuple(values)

    def partition_location(self, values: tuple[str, ...]) -> str:
        """The key prefix of one partition: ``prefix/k1=v1/.../`` (for a manifest table, its manifest's folder)."""
        return self.data_prefix + "".join(f"{p.name}={v}/" for p, v in zip(self.partitions, values, strict=True))

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """Data columns, then partition keys: the column order both engines expose."""
        return self.columns + self.partitions

    @property
    def injected(self) -> tuple[str, ...]:
        """Partition keys every query must pin with ``key = 'literal'`` (Athena injected projection)."""
        return tuple(p.name for p in self.partitions if p.projection.get("type") == "injected")


@dataclass(frozen=True)
class ViewDef:
    """An Athena-dialect view (``views/<name>.sql``): its SELECT, description and output columns."""

    name: str
    sql: str
    description: str
    columns: tuple[Column, ...]
    depends_on: tuple[str, ...]  # tables and views it reads


@dataclass(frozen=True)
class Catalog:
    tables: tuple[TableDef, ...]
    views: tuple[ViewDef, ...] = ()

    def table(self, name: str) -> TableDef | None:
        return next((table for table in self.tables if table.name == name.lower()), None)

    def view(self, name: str) -> ViewDef | None:
        return next((view for view in self.views if view.name == name.lower()), None)

    def queryable(self, name: str) -> bool:
        """A name a query may use: a view, or a table that is not restricted."""
        table = self.table(name)
        return self.view(name) is not None or (table is not None and not table.restricted)

    def base_tables(self, names: Sequence[str]) -> set[str]:
        """The tables ``names`` read, through any views."""
        found: set[str] = set()
        todo = [name.lower() for name in names]
        while todo:
            name = todo.pop()
            view = self.view(name)
            if view is not None:
                todo += [d for d in view.depends_on if d not in found]
            elif self.table(name) is not None:
                found.add(name)
        return found

    def arrivals(self, zone: str, keys: Sequence[str]) -> dict[str, tuple[TableDef, tuple[str, ...]]]:
        """location -> (table, partition values) of the objects ``keys`` of ``zone``, for the tables whose
        partitions are registered on arrival; sorted by location."""
        found: dict[str, tuple[TableDef, tuple[str, ...]]] = {}
        for table in self.tables:
            if table.zone != zone or not table.partitions_registered:
                continue
            for key in keys:
                values = table.partition_of(key)
                if values is not None:
                    found[table.partition_location(values)] = (table, values)
        return dict(sorted(found.items()))


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and check a catalog file (default: the product's tables.json), with what it includes."""
    source = path or DEFAULT_PATH
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
        tables = tuple(_table(entry) for entry in raw["tables"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogError(f"catalog {source} is malformed: {exc!r}") from None
    if raw.get("contracts"):
        from mdap.catalog.generated import contract_tables

        tables += contract_tables()
    names = [table.name for table in tables]
    if len(set(names)) != len(names):
        raise CatalogError(f"catalog {source}: a table name is used twice: {sorted(names)}")
    if not raw.get("views"):
        return Catalog(tables)
    from mdap.catalog.views import load_views

    return Catalog(tables, load_views(source.parent / str(raw["views"]), Catalog(tables)))


def _table(entry: dict[str, Any]) -> TableDef:
    columns = tuple(Column(c["name"], c["type"], c.get("description", "")) for c in entry["columns"])
    partitions = tuple(Partition(p["name"], p["type"], p.get("description", ""), dict(p.get("projection", {})))
                       for p in entry["partitions"])
    if not entry["prefix"].endswith("/"):
        raise ValueError(f"table {entry['name']!r}: prefix must end with '/'")
    registration = entry.get("partition_registration", "projection")
    if registration not in REGISTRATIONS:
        raise ValueError(f"table {entry['name']!r}: partition_registration must be one of {REGISTRATIONS}")
    if registration == "on_arrival" and any(p.projection for p in partitions):
        raise ValueError(f"table {entry['name']!r}: partitions registered on arrival take no projection settings")
    return check_table(TableDef(entry["name"], entry["zone"], entry["prefix"], columns, partitions,
                                entry.get("format", "parquet"), entry.get("description", ""), registration,
                                entry.get("layout", "files"), bool(entry.get("restricted", False))))


def check_table(table: TableDef) -> TableDef:
    """The rules every table follows, however it was defined (tables.json or generated from a contract)."""
    names = [c.name for c in table.all_columns]
    bad = [name for name in [table.name, *names] if not _NAME.match(name)]
    if bad:
        raise ValueError(f"table {table.name!r}: names must be lower_snake_case: {bad}")
    if len(set(names)) != len(names):
        raise ValueError(f"table {table.name!r}: a column is listed twice (partition keys are not data columns)")
    if table.layout not in LAYOUTS:
        raise ValueError(f"table {table.name!r}: layout must be one of {LAYOUTS}")
    if table.layout == "manifest" and not table.partitions_registered:
        raise ValueError(f"table {table.name!r}: manifest tables register their partitions on arrival")
    return table
