"""The catalog: one definition of the analytical tables, read by both query engines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).with_name("tables.json")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class CatalogError(Exception):
    """The catalog file is malformed; the message names the table and the field."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Hive/Athena DDL type: string, double, timestamp, bigint, decimal(12,2)...


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

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """Data columns, then partition keys: the column order both engines expose."""
        return self.columns + self.partitions

    @property
    def injected(self) -> tuple[str, ...]:
        """Partition keys every query must pin with ``key = 'literal'`` (Athena injected projection)."""
        return tuple(p.name for p in self.partitions if p.projection.get("type") == "injected")


@dataclass(frozen=True)
class Catalog:
    tables: tuple[TableDef, ...]

    def table(self, name: str) -> TableDef | None:
        return next((table for table in self.tables if table.name == name.lower()), None)


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and check a catalog file (default: the product's tables.json)."""
    source = path or DEFAULT_PATH
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
        return Catalog(tuple(_table(entry) for entry in raw["tables"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogError(f"catalog {source} is malformed: {exc!r}") from None


def _table(entry: dict[str, Any]) -> TableDef:
    columns = tuple(Column(c["name"], c["type"]) for c in entry["columns"])
    partitions = tuple(Partition(p["name"], p["type"], dict(p.get("projection", {}))) for p in entry["partitions"])
    names = [c.name for c in columns + partitions]
    bad = [name for name in [entry["name"], *names] if not _NAME.match(name)]
    if bad:
        raise ValueError(f"table {entry['name']!r}: names must be lower_snake_case: {bad}")
    if len(set(names)) != len(names):
        raise ValueError(f"table {entry['name']!r}: a column is listed twice (partition keys are not data columns)")
    if not entry["prefix"].endswith("/"):
        raise ValueError(f"table {entry['name']!r}: prefix must end with '/'")
    return TableDef(entry["name"], entry["zone"], entry["prefix"], columns, partitions,
                    entry.get("format", "parquet"), entry.get("description", ""))
