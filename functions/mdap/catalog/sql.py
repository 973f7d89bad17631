"""Athena-dialect SQL checks shared by both engines, so a query refused on one is refused on both."""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from mdap.catalog import Catalog
from mdap.ports.errors import InvalidRequest

DIALECT = "athena"


def parse_query(sql: str, catalog: Catalog) -> exp.Expr:
    """Parse one read-only Athena statement; raise InvalidRequest naming what is wrong."""
    try:
        statements = [s for s in sqlglot.parse(sql, read=DIALECT) if s is not None]
    except (ParseError, TokenError) as exc:
        raise InvalidRequest(f"SQL syntax error: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise InvalidRequest(f"send exactly one SQL statement, got {len(statements)}")
    tree: exp.Expr = statements[0]
    if not isinstance(statements[0], exp.Query):
        raise InvalidRequest(f"only queries (SELECT / WITH) are allowed, got {tree.key.upper()}")
    _check_injected(tree, catalog)
    return tree


def _check_injected(tree: exp.Expr, catalog: Catalog) -> None:
    for table in tree.find_all(exp.Table):
        spec = catalog.table(table.name)
        if spec is None or not spec.injected:
            continue
        select = table.find_ancestor(exp.Select)
        where = select.args.get("where") if select else None
        for key in spec.injected:
            if where is None or not any(_pins(eq, key) for eq in where.find_all(exp.EQ)):
                raise InvalidRequest(f"queries of {spec.name} must choose one {key} in WHERE ({key} = '...'); "
                                     f"the table is partitioned by {key}")


def _pins(eq: exp.EQ, key: str) -> bool:
    sides = (eq.left, eq.right)
    return any(isinstance(s, exp.Column) and s.name == key for s in sides) and any(
        isinstance(s, exp.Literal) for s in sides)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
