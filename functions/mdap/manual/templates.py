"""Templates and exports people open in Excel: Korean headers from the dataset contract, formula-safe cells.

A template's header row takes each column's first Korean alias (the name people know on the shop floor), so the
file a person fills in maps back to the contract exactly as the pipeline reads it. The XLSX template has a
second sheet that says, per column, whether it is required, its type, its allowed values and what it means.
CSV is UTF-8 with a byte-order mark (``mdap.domain.export``): Excel in Korea opens it without garbling the Hangul.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from mdap.domain.export import safe_cell, to_csv
from mdap.pipeline.contracts import ColumnSpec, Contract

_HANGUL = re.compile(r"[가-힣]")
_TYPES_KO = {"string": "문자", "double": "숫자", "bigint": "정수", "timestamp": "일시(예: 2025-03-03 09:10)",
             "date": "날짜(예: 2025-03-03)", "boolean": "예/아니오"}


def header_of(column: ColumnSpec) -> str:
    return next((alias for alias in column.aliases if _HANGUL.search(alias)), column.name)


def template_headers(contract: Contract) -> list[str]:
    return [header_of(c) for c in contract.columns if c.pii != "drop"]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    return to_csv(header, list(rows)).encode("utf-8")


def csv_template(contract: Contract) -> bytes:
    return csv_bytes(template_headers(contract), [])


def xlsx_template(contract: Contract) -> bytes:
    book = Workbook()
    data = book.active
    data.title = "데이터"
    data.append(template_headers(contract))
    for cell in data[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet("설명")
    guide.append(["열", "필수", "형식", "허용 값", "설명"])
    for column in contract.columns:
        if column.pii == "drop":
            continue
        allowed = ", ".join(dict.fromkeys(column.values)) if column.values else ""
        guide.append([header_of(column), "필수" if column.required else "", _TYPES_KO.get(column.type, column.type),
                      allowed, safe_cell(column.description)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
