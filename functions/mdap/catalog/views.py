"""Views: one ``<name>.sql`` file each, Athena (Trino) dialect, registered in both engines.

A file starts with a comment block: the view's description, then ``-- columns:`` and one line per output
column, ``--   name type: description`` (Athena DDL types), or just ``--   name`` for a column passed through
from a table or view it reads (type and description are that column's: the contracts stay the one definition).
The declared columns are what ``DESCRIBE`` answers on both engines and the types each engine returns (the DuckDB
engine casts to them; tests check the SQL yields exactly these columns). A view reads catalog tables and views by
name; ``depends_on`` is found from the SQL.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import sqlglot
from sqlglot import exp

from mdap.catalog import Catalog, CatalogError, Column, ViewDef

DIALECT = "athena"
_COLUMN = re.compile(r"^--\s+([a-z_][a-z0-9_]*)\s+([a-z]+(?:\(\d+,\s*\d+\))?):\s*(.+)$")
_PASSED = re.compile(r"^--\s+([a-z_][a-z0-9_]*)$")


def load_views(folder: Path, catalog: Catalog) -> tuple[ViewDef, ...]:
    """Every ``*.sql`` of ``folder``, ordered so that a view comes after the views it reads."""
    views = {path.stem: parse_view(path.stem, path.read_text(encoding="utf-8"))
             for path in sorted(folder.glob("*.sql"))}
    ordered: list[ViewDef] = []
    for name in sorted(views):
        _visit(name, views, catalog, ordered, ())
    return tuple(ordered)


def parse_view(name: str, text: str) -> ViewDef:
    header = [line.rstrip() for line in text.splitlines() if line.startswith("--")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--")).strip().rstrip(";")
    if "-- columns:" not in header:
        raise CatalogError(f"view {name}: the header needs a '-- columns:' block")
    split = header.index("-- columns:")
    description = " ".join(line.removeprefix("--").strip() for line in header[:split]).strip()
    columns = []
    for line in header[split + 1:]:
        matched, passed = _COLUMN.match(line), _PASSED.match(line)
        if passed:
            columns.append(Column(passed.group(1), ""))  # resolved from what the view reads (load_views)
            continue
        if not matched:
            raise CatalogError(f"view {name}: column line must be '--   name type: description' or "
                               f"'--   name', got {line!r}")
        columns.append(Column(matched.group(1), matched.group(2).replace(" ", ""), matched.group(3).strip()))
    try:
        tree = sqlglot.parse_one(body, read=DIALECT)
    except sqlglot.errors.ParseError as exc:
        raise CatalogError(f"view {name}: SQL does not parse: {str(exc).splitlines()[0]}") from None
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    depends = sorted({t.name.lower() for t in tree.find_all(exp.Table)} - ctes)
    if not description or not columns:
        raise CatalogError(f"view {name}: a description and at least one column are needed")
    return ViewDef(name, body, description, tuple(columns), tuple(depends))


def _visit(name: str, views: dict[str, ViewDef], catalog: Catalog, ordered: list[ViewDef],
           path: tuple[str, ...]) -> None:
    if any(v.name == name for v in ordered):
        return
    if name in path:
        raise CatalogError(f"views read each other in a circle: {' -> '.join((*path, name))}")
    view = views[name]
    for dependency in view.depends_on:
        if dependency in views:
            _visit(dependency, views, catalog, ordered, (*path, name))
        elif catalog.table(dependency) is None:
            raise CatalogError(f"view {name} reads {dependency}, which is no catalog table or view")
    read = [c for d in view.depends_on for c in _columns_of(d, catalog, ordered)]
    ordered.append(replace(view, columns=tuple(_resolved(view.name, c, read) for c in view.columns)))


def _columns_of(name: str, catalog: Catalog, ordered: list[ViewDef]) -> tuple[Column, ...]:
    table = catalog.table(name)
    if table is not None:
        return table.all_columns
    return next(v.columns for v in ordered if v.name == name)


def _resolved(view: str, column: Column, read: list[Column]) -> Column:
    if column.type:
        return column
    source = next((c for c in read if c.name == column.name), None)
    if source is None:
        raise CatalogError(f"view {view}: column {column.name} is declared without a type, but no table or view "
                           "it reads has a column of that name")
    return Column(column.name, source.type, source.description)
