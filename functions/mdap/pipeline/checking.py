"""check_file: one file of a dataset judged row by row with the pipeline's own rules, before anything is stored.

The manual-data upload shows a person this report and commits only the accepted rows; the rules are the ones the
preprocessing run applies (read -> validate -> clean), so a row accepted here is not quarantined later for a
reason the person could have seen. Rows are numbered as the person sees them in the file (the header is row 1);
each rejected row carries its first problem: the column, the header cell it came from, the value and the reason
in Korean. Rows that repeat another row's keys are ``duplicates``: one of them is kept, as the pipeline would.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa

from mdap.pipeline.clean import clean
from mdap.pipeline.contracts import Contract
from mdap.pipeline.read import read_objects
from mdap.pipeline.stage import REASONS, ROW, Inbound, concat_rejected
from mdap.pipeline.validate import validate

Cells = dict[str, str | None]


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the contract's column name ("" when the problem is the row as a whole)
    header: str  # the file's header cell for that column ("" when none)
    value: str | None
    code: str
    reason: str  # Korean, for the person who fixes it

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "header": self.header, "value": self.value,
                "code": self.code, "reason": self.reason}


@dataclass
class FileCheck:
    header: list[str]
    rows: dict[int, Cells]  # every data row's original cells, by row number
    accepted: list[int]
    rejected: dict[int, Problem]
    duplicates: list[int]
    format: str = ""
    encoding: str = ""
    file_problem: str | None = None  # the file as a whole cannot be used (unreadable, a required column missing)
    unknown_columns: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"rows": len(self.rows), "accepted": len(self.accepted), "rejected": len(self.rejected),
                "duplicates": len(self.duplicates)}


def check_file(contract: Contract, data: bytes, filename: str, site: str, now: datetime) -> FileCheck:
    key = f"{contract.raw_prefix}site={site}/{filename}"
    read = read_objects(contract, [Inbound(key, data, site)])
    validated = validate(contract, read.table)
    cleaned = clean(contract, validated.table, now=now)
    rejected = concat_rejected([read.rejected, validated.rejected, cleaned.rejected])
    header, rows = _original_rows(read.table, rejected)
    problems = {row.row: row for row in _problems(contract, rejected, header, rows)}
    accepted = sorted(int(n) for n in cleaned.table[ROW].to_pylist()) if cleaned.table.num_rows else []
    duplicates = sorted(set(rows) - set(accepted) - set(problems))
    report = read.report
    return FileCheck(header=header, rows=rows, accepted=accepted, rejected=problems, duplicates=duplicates,
                     format=report["formats"].get(key, ""), encoding=report["encodings"].get(key, ""),
                     file_problem=_file_problem(report, key, problems),
                     unknown_columns=list(report["unknown_columns"].get(key, [])))


def _original_rows(table: pa.Table, rejected: pa.Table) -> tuple[list[str], dict[int, Cells]]:
    """The header and each row's cells as the file had them (malformed rows come as bare lists)."""
    rows: dict[int, Any] = {}
    if "_original" in table.column_names:
        rows.update(zip(table[ROW].to_pylist(), map(json.loads, table["_original"].to_pylist()), strict=True))
    for number, original in zip(rejected["row_number"].to_pylist(), rejected["original"].to_pylist(), strict=True):
        if number and number not in rows:
            rows[number] = json.loads(original) if original else {}
    header = next((list(cells) for cells in rows.values() if isinstance(cells, dict)), [])
    return header, {n: _as_cells(cells, header) for n, cells in sorted(rows.items())}


def _as_cells(cells: Any, header: list[str]) -> Cells:
    if isinstance(cells, dict):
        return {str(k): None if v is None else str(v) for k, v in cells.items()}
    values = [None if v is None else str(v) for v in (cells if isinstance(cells, list) else [])]
    return dict(zip(header, values + [None] * (len(header) - len(values)), strict=False))


def _problems(contract: Contract, rejected: pa.Table, header: list[str], rows: dict[int, Cells]) -> list[Problem]:
    found = []
    for number, code, reason in zip(rejected["row_number"].to_pylist(), rejected["reason_code"].to_pylist(),
                                    rejected["reason"].to_pylist(), strict=True):
        if not number:
            continue
        column = reason_column(code, reason)
        cell = next((h for h in header if column and contract.column_for(h) == column), "")
        said = reason.replace(column, cell, 1) if cell else reason  # the person knows the header, not the name
        found.append(Problem(number, column, cell, rows.get(number, {}).get(cell) if cell else None, code, said))
    return found


def _file_problem(report: dict[str, Any], key: str, problems: dict[int, Problem]) -> str | None:
    if key in report["unreadable_objects"]:
        return str(report["unreadable_objects"][key])
    if key in report["empty_objects"]:
        return "파일에 데이터 행이 없습니다"
    missing = [p for p in problems.values() if p.code == "missing_column"]
    return missing[0].reason if missing else None


_TEMPLATES = {code: re.compile("^" + re.escape(text).replace(re.escape("{column}"), "(?P<column>.+?)")
                               .replace(re.escape("{detail}"), ".*") + "$") for code, text in REASONS.items()}


def reason_column(code: str, reason: str) -> str:
    """The column a rejection names, read back from its reason text (the one place both are written)."""
    template = _TEMPLATES.get(code)
    matched = template.match(reason) if template is not None else None
    column = matched.groupdict().get("column") if matched else None
    return column if column and column != "행" and code != "missing_column" else ""
