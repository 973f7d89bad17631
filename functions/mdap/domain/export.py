"""Tables as CSV files for Excel (a chart's data, rejected upload rows, templates): UTF-8 with a byte-order mark
(so Excel reads Korean), and no cell that a spreadsheet would run as a formula (OWASP CSV injection: a text
starting with = + - @, tab or carriage return gets a leading apostrophe). Numbers are written as numbers, so a
negative value stays a number."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The file's text, starting with the byte-order mark; encode it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return BOM + out.getvalue()
