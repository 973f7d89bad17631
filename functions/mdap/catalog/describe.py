"""What people type first: ``SHOW TABLES`` and ``DESCRIBE <table>`` (both exist in Athena), answered from the
catalog by both engines alike, with descriptions, instead of being sent to an engine.

- ``SHOW TABLES`` / ``SHOW VIEWS`` [``LIKE 'pattern'``, ``*`` and ``%`` match anything]: name, kind, description;
- ``DESCRIBE name`` / ``DESC name`` / ``SHOW COLUMNS FROM name``: column, type, kind (column | partition),
  description.
Restricted tables (quarantine_rows) are neither listed nor described: they are read through their views.
"""

from __future__ import annotations

import fnmatch
import re

from mdap.catalog import Catalog, Column
from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryResult

_SHOW = re.compile(r"^show\s+(tables|views)(?:\s+(?:in|from)\s+\S+)?(?:\s+like\s+'([^']*)')?$", re.I)
_DESCRIBE = re.compile(r"^(?:describe|desc|show\s+columns\s+(?:from|in))\s+(?:\S+\.)?\"?([A-Za-z_][\w]*)\"?$", re.I)


def catalog_answer(sql: str, catalog: Catalog) -> QueryResult | None:
    """The answer to a SHOW / DESCRIBE statement, or None when ``sql`` is something else (a query)."""
    text = " ".join(sql.strip().rstrip(";").split())
    shown = _SHOW.match(text)
    if shown:
        return _tables(catalog, shown.group(1).lower() == "views", shown.group(2))
    described = _DESCRIBE.match(text)
    if described:
        return describe(catalog, described.group(1))
    return None


def _tables(catalog: Catalog, views_only: bool, pattern: str | None) -> QueryResult:
    rows = [(v.name, "view", v.description) for v in catalog.views]
    if not views_only:
        rows += [(t.name, "table", t.description) for t in catalog.tables if not t.restricted]
    if pattern:
        glob = pattern.replace("%", "*").lower()
        rows = [row for row in rows if fnmatch.fnmatchcase(row[0], glob)]
    return QueryResult(["name", "kind", "description"], sorted(rows))


def describe(catalog: Catalog, name: str) -> QueryResult:
    columns = ["column", "type", "kind", "description"]
    view = catalog.view(name)
    if view is not None:
        return QueryResult(columns, [_row(c, "column") for c in view.columns])
    table = catalog.table(name)
    if table is None or table.restricted:
        raise InvalidRequest(f"{name} is no table or view of the catalog; SHOW TABLES lists them")
    return QueryResult(columns, [_row(c, "column") for c in table.columns] +
                       [_row(p, "partition") for p in table.partitions])


def _row(column: Column, kind: str) -> tuple[str, str, str, str]:
    return (column.name, column.type, kind, column.description)
