"""Views: one ``<name>.sql`` file each, Athena (Trino) dialect, registered in both engines.

A file starts with a comment block: the view's description, then ``-- columns:`` and one line per output
column, ``--   name type: description`` (Athena DDL types). The declared columns are what ``DESCRIBE`` answers
on both engines and the types each engine returns (the DuckDB engine casts to them; tests check the SQL yields
exactly these columns). A view reads catalog tables and views by name; ``depends_on`` is found from the SQL.
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlglot
from sqlglot import exp

from mdap.catalog import Catalog, CatalogError, Column, ViewDef

DIALECT = "athena"
_COLUMN = re.compile(r"^--\s+([a-z_][a-z0-9_]*)\s+([a-z]+(?:\(\d+,\s*\d+\))?):\s*(.+)$")


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
        matched = _COLUMN.match(line)
        if not matched:
            raise CatalogError(f"view {name}: column line must be '--   name type: description', got {line!r}")
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
    ordered.append(view)
