"""Athena-dialect SQL checks shared by both engines, so a query refused on one is refused on both.

A query may read the catalog's tables and views and its own WITH names, nothing else (restricted tables are
read through their views only): no other schema, no
table-valued function, no function that reads files or engine state (DuckDB's read_csv, read_text,
glob, duckdb_settings...). The local engine is also locked down inside DuckDB; this check is what
makes the refusal clear and the same on Athena.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from mdap.catalog import Catalog
from mdap.ports.errors import InvalidRequest

DIALECT = "athena"
# Functions that read files, other tables or the engine's own state (DuckDB names; Athena has none of them).
_FORBIDDEN_FUNCTIONS = frozenset({"glob", "query", "query_table", "query_table_by_name", "sniff_csv",
                                  "getenv", "current_setting", "which_secret"})
_FORBIDDEN_PREFIXES = ("read_", "duckdb_", "pragma_", "parquet_", "iceberg_", "delta_", "sqlite_", "postgres_",
                       "mysql_")


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
    _check_functions(tree, catalog)
    _check_tables(tree, catalog)
    _check_injected(tree, catalog)
    return tree


def _check_functions(tree: exp.Expr, catalog: Catalog) -> None:
    for func in tree.find_all(exp.Func):
        name = (func.name if isinstance(func, exp.Anonymous) else func.sql_name()).lower()
        if name in _FORBIDDEN_FUNCTIONS or name.startswith(_FORBIDDEN_PREFIXES):
            raise InvalidRequest(f"function {name} is not allowed: queries read the catalog's tables only "
                                 f"({_names(catalog)})")


def _check_tables(tree: exp.Expr, catalog: Catalog) -> None:
    with_names = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            raise InvalidRequest(f"table function {table.this.sql(dialect=DIALECT)} is not allowed: "
                                 f"queries read the catalog's tables only ({_names(catalog)})")
        qualified = bool(table.args.get("db") or table.args.get("catalog"))
        restricted = catalog.table(table.name)
        if not qualified and restricted is not None and restricted.restricted and table.name.lower() not in with_names:
            raise InvalidRequest(f"{table.name} is restricted (it keeps original values): read it through its view "
                                 f"({', '.join(v.name for v in catalog.views if table.name.lower() in v.depends_on)})")
        if qualified or (table.name.lower() not in with_names and not catalog.queryable(table.name)):
            name = ".".join(part.name for part in table.parts)
            raise InvalidRequest(f"{name} is not a catalog table or view: queries read {_names(catalog)} "
                                 "(by name, without a schema) and their own WITH names")


def _names(catalog: Catalog) -> str:
    return ", ".join(sorted([t.name for t in catalog.tables if not t.restricted] + [v.name for v in catalog.views]))


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
