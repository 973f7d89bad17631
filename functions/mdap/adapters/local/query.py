"""QueryEngine on DuckDB: views over the local Parquet tree, Athena SQL transpiled by sqlglot.

Each catalog table becomes a view reading ``{root_dir}/{zone}/{prefix}**/*.parquet`` with hive
partitioning; partition keys keep the catalog's types (not DuckDB's guesses), so results match
Athena's. A table without files yet is an empty view with the same columns, re-checked per query.

DuckDB can read any file the process can; parse_query refuses every source but catalog tables, and
the connection is locked down too, so a query that slipped past the parser still cannot: external
access is off except for the catalog tables' folders, and the configuration is locked.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from mdap.catalog import Catalog, TableDef
from mdap.catalog.sql import DIALECT, parse_query
from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryEngine, QueryResult


class DuckDbQueryEngine(QueryEngine):
    def __init__(self, catalog: Catalog, root_dir: Path) -> None:
        self._catalog = catalog
        self._root = Path(root_dir).resolve()
        self._db = duckdb.connect(":memory:")
        self._lock = threading.Lock()  # views change under it; queries run on their own cursors
        self._empty: set[str] = set()
        self.register_tables()
        self._lock_down()

    def register_tables(self) -> list[str]:
        with self._lock:
            for table in self._catalog.tables:
                self._register(table)
        return [table.name for table in self._catalog.tables]

    def query(self, sql: str) -> QueryResult:
        tree = parse_query(sql, self._catalog)
        self._refresh_empty(tree)
        cursor = self._db.cursor()
        try:
            cursor.execute(tree.sql(dialect="duckdb"))
            columns = [column[0] for column in cursor.description or []]
            return QueryResult(columns, [tuple(row) for row in cursor.fetchall()])
        except duckdb.Error as exc:
            raise InvalidRequest(f"query failed: {str(exc).strip().splitlines()[0]}") from None
        finally:
            cursor.close()

    def _refresh_empty(self, tree: exp.Expr) -> None:
        """A table that had no files may have some now: its view must start reading them."""
        names = {table.name.lower() for table in tree.find_all(exp.Table)} & self._empty
        if names:
            with self._lock:
                for table in self._catalog.tables:
                    if table.name in names:
                        self._register(table)

    def _lock_down(self) -> None:
        """Only the catalog tables' folders stay readable, and no query can change that."""
        folders = sorted({str(self._root / table.zone / table.prefix).rstrip("/") + "/"
                          for table in self._catalog.tables})
        self._db.execute("SET allowed_directories = $1", [folders])
        for setting in ("enable_external_access", "autoinstall_known_extensions", "autoload_known_extensions"):
            self._db.execute(f"SET {setting} = false")
        self._db.execute("SET lock_configuration = true")

    def _register(self, table: TableDef) -> None:
        folder = self._root / table.zone / table.prefix
        has_files = folder.is_dir() and next(folder.rglob("*.parquet"), None) is not None
        source = _read_parquet(folder, table) if has_files else None
        (self._empty.discard if has_files else self._empty.add)(table.name)
        self._db.execute(f'CREATE OR REPLACE VIEW "{table.name}" AS {_select(table, source)}')


def _duck_type(athena_type: str) -> str:
    return exp.DataType.build(athena_type, dialect=DIALECT).sql(dialect="duckdb")


def _read_parquet(folder: Path, table: TableDef) -> str:
    pattern = str(folder / "**" / "*.parquet").replace("'", "''")
    hive_types = ", ".join(f"'{p.name}': {_duck_type(p.type)}" for p in table.partitions)
    return (f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true, "
            f"hive_types = {{{hive_types}}})")


def _select(table: TableDef, source: str | None) -> str:
    """Catalog columns in catalog order and types; with no source, the same shape and no rows."""
    parts: list[Any] = []
    for column in table.all_columns:
        value = f'"{column.name}"' if source else "NULL"
        parts.append(f'CAST({value} AS {_duck_type(column.type)}) AS "{column.name}"')
    return f"SELECT {', '.join(parts)} FROM {source}" if source else f"SELECT {', '.join(parts)} WHERE false"
