"""Raw object bytes -> a table of cells, per file format, with the row numbers a person sees in the file.

The format is sniffed from the bytes (Parquet and XLSX by their magic numbers, JSON by its first character), not
trusted from the name. Text encodings are detected with charset-normalizer among those shop floors write (UTF-8,
CP949/EUC-KR, UTF-16), never assumed; bytes that do not decode make their rows ``invalid_text``, not the file.
Rows that do not fit the header are returned as ``malformed`` for quarantine, never dropped.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

HEADER_SEARCH_ROWS = 10  # a title or blank rows above the header are skipped (first rows of a sheet)
_SURROGATE = re.compile("[\udc80-\udcff]")
_ENCODINGS = ["utf_8", "cp949", "euc_kr", "utf_16"]


@dataclass
class Malformed:
    row: int
    code: str  # malformed_row | invalid_text
    detail: str
    cells: Any  # JSON-able original cells


@dataclass
class Parsed:
    table: pa.Table  # text formats: string columns named by the header cells; Parquet: typed columns
    rows: list[int] | None  # row numbers of the table's rows (None: 1..n)
    text: bool
    format: str
    encoding: str | None = None
    malformed: list[Malformed] = field(default_factory=list)
    skipped_rows: int = 0


class UnreadableObject(Exception):
    """The object as a whole cannot be read; ``code`` is a quarantine reason code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def sniff(data: bytes) -> str:
    if data[:4] == b"PAR1":
        return "parquet"
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    head = data[:64].lstrip(codecs.BOM_UTF8).lstrip()
    return "json" if head[:1] in (b"{", b"[") else "csv"


def is_empty(data: bytes) -> bool:
    return not data.strip(b" \t\r\n\x00").lstrip(codecs.BOM_UTF8).strip()


def parse(data: bytes, header_score: Callable[[Sequence[Any]], int]) -> Parsed:
    kind = sniff(data)
    if kind == "parquet":
        return _parquet(data)
    if kind in ("xlsx", "xls"):
        return _spreadsheet(data, kind, header_score)
    text, encoding = decode(data)
    if kind == "json":
        return _json_lines(text, encoding)
    return _csv(text, encoding, header_score)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the detected encoding; undecodable bytes survive as lone surrogates (flagged per row)."""
    from charset_normalizer import from_bytes

    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf_8", "surrogateescape"), "utf_8_sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf_16", "surrogateescape"), "utf_16"
    best = from_bytes(data[:1_000_000], cp_isolation=_ENCODINGS).best()
    encoding = "cp949" if best is not None and best.encoding in ("cp949", "euc_kr") else "utf_8"
    text = data.decode(encoding, "surrogateescape")
    if best is None and len(_SURROGATE.findall(text)) > max(16, len(text) // 100):
        raise UnreadableObject("unknown_encoding", "")
    return text, encoding


def _parquet(data: bytes) -> Parsed:
    try:
        file = pq.ParquetFile(pa.BufferReader(data))
        strings = [f.name for f in file.schema_arrow if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        table = pq.ParquetFile(pa.BufferReader(data), read_dictionary=strings).read(use_threads=False)
    except (pa.ArrowException, OSError) as exc:
        raise UnreadableObject("unreadable_object", f"Parquet: {exc}") from None
    return Parsed(table, None, text=False, format="parquet")


def _csv(text: str, encoding: str, header_score: Callable[[Sequence[Any]], int]) -> Parsed:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;|", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered, line = [], 1
    for cells in reader:
        numbered.append((line, cells))
        line = reader.line_num + 1
    return _cells_table(numbered, "csv", encoding, header_score)


def _spreadsheet(data: bytes, kind: str, header_score: Callable[[Sequence[Any]], int]) -> Parsed:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [workbook.get_sheet_by_index(i).to_python(skip_empty_area=False)
                  for i in range(len(workbook.sheet_names))]
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise UnreadableObject("unreadable_object", f"{kind.upper()}: {exc}") from None
    best = max(sheets, key=lambda rows: max((header_score(r) for r in rows[:HEADER_SEARCH_ROWS]), default=0),
               default=[])
    numbered = [(i + 1, [_cell_text(c) for c in row]) for i, row in enumerate(best)]
    return _cells_table(numbered, kind, None, header_score)


def _cell_text(cell: Any) -> str | None:
    """A spreadsheet cell as the text a person reads (12.0 -> "12"; dates in ISO, local time like text files)."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    if isinstance(cell, datetime | date | time):
        return cell.isoformat(sep=" ") if isinstance(cell, datetime) else cell.isoformat()
    if isinstance(cell, timedelta):
        return str(cell.total_seconds())
    return str(cell)


def _cells_table(numbered: list[tuple[int, list[Any]]], kind: str, encoding: str | None,
                 header_score: Callable[[Sequence[Any]], int]) -> Parsed:
    rows = [(n, cells) for n, cells in numbered if any(c not in (None, "") for c in cells)]
    if not rows:
        return Parsed(pa.table({}), [], text=True, format=kind, encoding=encoding)
    scores = [header_score(cells) for _, cells in rows[:HEADER_SEARCH_ROWS]]
    at = scores.index(max(scores)) if max(scores) > 0 else 0
    header = _header_names(rows[at][1])
    columns: list[list[Any]] = [[] for _ in header]
    numbers, malformed = [], []
    for number, cells in rows[at + 1:]:
        problem = _row_problem(cells, len(header))
        if problem:
            malformed.append(Malformed(number, problem[0], problem[1], _safe_cells(cells)))
            continue
        numbers.append(number)
        for index, column in enumerate(columns):
            column.append(cells[index] if index < len(cells) and cells[index] != "" else None)
    table = pa.table({name: pa.array(column, pa.string()) for name, column in zip(header, columns, strict=True)})
    return Parsed(table, numbers, text=True, format=kind, encoding=encoding, malformed=malformed, skipped_rows=at)


def _header_names(cells: list[Any]) -> list[str]:
    names: list[str] = []
    for index, cell in enumerate(cells):
        name = str(cell).strip() if cell not in (None, "") else f"column_{index + 1}"
        names.append(name if name not in names else f"{name}_{index + 1}")
    return names


def _row_problem(cells: list[Any], width: int) -> tuple[str, str] | None:
    if any(isinstance(c, str) and _SURROGATE.search(c) for c in cells):
        return "invalid_text", ""
    extra = cells[width:]
    if len(cells) < width or any(c not in (None, "") for c in extra):
        return "malformed_row", f"머리글 {width}칸, 이 행 {len(cells)}칸"
    return None


def _safe_cells(cells: list[Any]) -> list[Any]:
    return [_SURROGATE.sub("\ufffd", c) if isinstance(c, str) else c for c in cells]


def _json_lines(text: str, encoding: str) -> Parsed:
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except ValueError as exc:
            raise UnreadableObject("unreadable_object", f"JSON: {exc}") from None
        numbered = list(enumerate(records if isinstance(records, list) else [records], start=1))
    else:
        numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    header: dict[str, None] = {}
    good, malformed = [], []
    for number, item in numbered:
        record = _json_record(item)
        if record is None or any(_SURROGATE.search(v) for v in record.values() if v):
            code = "malformed_row" if record is None else "invalid_text"
            malformed.append(Malformed(number, code, "JSON 객체가 아닙니다" if record is None else "",
                                       _SURROGATE.sub("\ufffd", str(item))))
            continue
        header.update(dict.fromkeys(record))
        good.append((number, record))
    table = pa.table({name: pa.array([r.get(name) for _, r in good], pa.string()) for name in header})
    return Parsed(table, [n for n, _ in good], text=True, format="json", encoding=encoding, malformed=malformed)


def _json_record(item: Any) -> dict[str, str | None] | None:
    if isinstance(item, str):
        try:
            item = json.loads(item)
        except ValueError:
            return None
    if not isinstance(item, dict):
        return None
    return {str(k): _json_text(v) for k, v in item.items()}


def _json_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)
