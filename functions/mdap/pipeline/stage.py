"""What the steps hand each other: a Stage (rows kept, rows quarantined, a report), the inputs, the references.

Lineage columns travel with the rows until enrichment projects the curated schema: ``_object`` (the raw object's
key) and ``_row`` (the row number a person sees in that file: the header is row 1 of a CSV or sheet, the first
record is row 1 of Parquet and JSON lines). ``_original`` (JSON of a text file's original cells) exists only
between reading and de-identification: it is what quarantine keeps for correction, never a curated column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

OBJECT, ROW, ORIGINAL = "_object", "_row", "_original"
LINEAGE = (OBJECT, ROW, ORIGINAL)

QUARANTINE_SCHEMA = pa.schema([
    ("dataset", pa.string()), ("object", pa.string()), ("row_number", pa.int64()), ("reason_code", pa.string()),
    ("reason", pa.string()), ("original", pa.string()),
])  # fmt: skip

# Reason codes and their person-readable Korean text ({column}, {detail} filled in per rejection).
REASONS: dict[str, str] = {
    "unreadable_object": "파일을 읽을 수 없습니다: {detail}",
    "unknown_encoding": "문자 인코딩을 알 수 없습니다(UTF-8 또는 CP949가 아님)",
    "malformed_row": "행의 칸 수가 머리글과 다릅니다: {detail}",
    "missing_column": "필수 열이 없습니다: {column}",
    "missing_value": "필수 값이 비어 있습니다: {column}",
    "invalid_type": "{column} 값을 {detail} 형식으로 읽을 수 없습니다",
    "unknown_unit": "{column} 값의 단위를 알 수 없습니다(기준 단위: {detail})",
    "invalid_value": "{column} 값이 허용된 값이 아닙니다(허용: {detail})",
    "out_of_range": "{column} 값이 허용 범위를 벗어났습니다({detail})",
    "future_timestamp": "{column} 시각이 처리 시각보다 미래입니다",
    "invalid_text": "{column}에 UTF-8이 아닌 문자가 있습니다",
}


def reason_text(code: str, column: str = "", detail: str = "") -> str:
    return REASONS[code].format(column=column, detail=detail)


@dataclass
class Inbound:
    """One raw object: its key, its bytes, and its site (from ``site=…`` in the key, else given)."""

    key: str
    data: bytes
    site: str = ""

    def __post_init__(self) -> None:
        from_key = hive_values(self.key).get("site")
        if from_key:
            self.site = from_key


@dataclass
class Stage:
    table: pa.Table
    rejected: pa.Table  # QUARANTINE_SCHEMA
    report: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reference:
    """Reference tables in their curated shape (``site`` included), and the worker master's names."""

    assets: pa.Table | None = None
    shifts: pa.Table | None = None
    production_orders: pa.Table | None = None
    inspection_records: pa.Table | None = None
    worker_names: frozenset[str] = frozenset()


def hive_values(key: str) -> dict[str, str]:
    """``name=value`` folders of an object key (``raw/sensor_readings/site=a/source=opcua/…``)."""
    values = {}
    for part in key.split("/")[:-1]:
        name, sep, value = part.partition("=")
        if sep and name and value:
            values[name] = value
    return values


def empty_rejected() -> pa.Table:
    return QUARANTINE_SCHEMA.empty_table()


def concat_rejected(tables: list[pa.Table]) -> pa.Table:
    """Quarantine rows of several steps in file order (object, row number): a person reads them top to bottom."""
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return empty_rejected()
    joined = pa.concat_tables(tables)
    return joined.sort_by([("object", "ascending"), ("row_number", "ascending")]).combine_chunks()
