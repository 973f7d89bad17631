"""`mdap query "SQL"`: run one Athena-dialect query on the configured engine and print the rows."""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryEngine, QueryResult

BAD_INPUT = 2


def query_command(get_engine: Callable[[], QueryEngine]) -> click.Command:
    @click.command("query")
    @click.argument("sql")
    @click.option("--format", "output", type=click.Choice(["table", "csv", "json"]), default="table",
                  show_default=True, help="How to print the rows.")
    def query(sql: str, output: str) -> None:
        """Run one SQL query (Athena / Trino dialect) over the catalog's tables."""
        try:
            result = get_engine().query(sql)
        except InvalidRequest as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(BAD_INPUT)
        click.echo(FORMATS[output](result), nl=False)

    return query


def as_table(result: QueryResult) -> str:
    cells = [result.columns] + [[_text(value) for value in row] for row in result.rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(result.columns))]
    lines = [_line(cells[0], widths), "  ".join("-" * width for width in widths)]
    lines += [_line(row, widths) for row in cells[1:]]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def as_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_text(value) for value in row] for row in result.rows)
    return buffer.getvalue()


def as_json(result: QueryResult) -> str:
    records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return json.dumps(records, ensure_ascii=False, default=_json_value, indent=2) + "\n"


FORMATS: dict[str, Callable[[QueryResult], str]] = {"table": as_table, "csv": as_csv, "json": as_json}


def display_width(text: str) -> int:
    """Columns a terminal uses: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(cells, widths, strict=True)
                     ).rstrip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return str(value)
