"""The dataset contract as values: columns, keys, partitions, checks (parsed by `contract_parse`).

A contract names the raw columns (with Korean header aliases), their types, units, ranges and personal-data
policy, the de-duplication keys and the partitions of the curated table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import pyarrow as pa

TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "double": pa.float64(), "bigint": pa.int64(), "timestamp": pa.timestamp("us"),
    "date": pa.date32(), "boolean": pa.bool_(),
}  # fmt: skip
PII_POLICIES = ("none", "drop", "mask", "pseudonym", "generalise", "free_text")
KINDS = ("events", "reference")
SITE, DATE = "site", "date"  # implicit columns: site from the object key, date (KST) from the time column
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_HEADER_NOISE = re.compile(r"[\s_\-.·/]+")


class ContractError(Exception):
    """A contract file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str  # Athena/Hive type: string, double, bigint, timestamp, date, boolean
    description: str = ""
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    required: bool = False
    aliases: tuple[str, ...] = ()
    pii: str = "none"  # none | drop | mask | pseudonym | generalise | free_text
    values: dict[str, str] | None = None  # raw value -> canonical value; other values are invalid
    granularity: str | None = None  # for pii "generalise": hour | day | month | band:<width> | prefix:<n>

    @property
    def arrow_type(self) -> pa.DataType:
        return TYPES[self.type]


@dataclass(frozen=True)
class Checks:
    """Dataset-level cleaning thresholds; 0 or None switches a check off."""

    stuck_readings: int = 0
    stuck_seconds: float = 0.0
    gap_seconds: float | None = None
    late_hours: float | None = None
    future_seconds: float | None = None


@dataclass(frozen=True)
class Contract:
    name: str
    description: str
    kind: str  # "events" | "reference"
    columns: tuple[ColumnSpec, ...]  # raw (input) columns
    keys: tuple[str, ...]  # de-duplication keys
    time_column: str | None  # events: the timestamp the `date` partition comes from
    partitions: tuple[str, ...]  # curated partitions, e.g. ("site", "date")
    quasi_identifiers: tuple[str, ...] = ()
    derived: tuple[ColumnSpec, ...] = ()  # columns the pipeline adds (flags, joins)
    tie_break: tuple[str, ...] = ()  # among duplicates, the first by these columns (then object, row) is kept
    keep: str = "first"  # "first" | "last": which duplicate survives, in (tie_break, object, row) order
    checks: Checks = field(default_factory=Checks)
    k: int = 5  # the k of the k-anonymity report

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in (*self.columns, *self.derived) if c.name == name), None)

    @cached_property
    def header_map(self) -> dict[str, str]:
        """Normalised header text (name or alias) -> column name."""
        return {normalise_header(alias): c.name for c in self.columns for alias in (c.name, *c.aliases)}

    def column_for(self, header: str) -> str | None:
        return self.header_map.get(normalise_header(header))

    def curated_columns(self) -> tuple[ColumnSpec, ...]:
        kept = tuple(c for c in self.columns if c.pii != "drop" and c.name not in self.partitions)
        return kept + tuple(c for c in self.derived if c.name not in self.partitions)

    def curated_schema(self) -> pa.Schema:
        """Curated columns (after de-identification and enrichment), without the partition columns."""
        return pa.schema([pa.field(c.name, c.arrow_type) for c in self.curated_columns()])

    def curated_schema_with_partitions(self) -> pa.Schema:
        schema = self.curated_schema()
        return pa.schema([*schema, *(pa.field(p, pa.string()) for p in self.partitions)])

    @property
    def raw_prefix(self) -> str:
        return f"raw/{self.name}/"


def normalise_header(text: str) -> str:
    """Header cells as people type them: "Lot No", "lot_no" and "LOT-NO" are one name; full-width folded."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().lstrip("\ufeff").lower()
    return _HEADER_NOISE.sub("", folded)
