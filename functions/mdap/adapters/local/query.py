"""QueryEngine on DuckDB: views over the local Parquet tree, Athena SQL transpiled by sqlglot.

Each catalog table becomes a view reading ``{root_dir}/{zone}/{prefix}**/*.parquet`` with hive
partitioning; partition keys keep the catalog's types (not DuckDB's guesses), so results match
Athena's. A table without files yet is an empty view with the same columns, re-checked per query.
The glob is expanded per query, so every partition on disk is read: partitions "registered on
arrival" need no bookkeeping here, and queries across all sites need no pin.

Tables with the "manifest" layout read exactly the files their partitions' symlink manifests list
(``{prefix}_symlink_format_manifest/…/manifest``, what Athena reads too): before each query the
manifests of the tables it reads (through views as well) are checked, and a table whose manifests
changed is re-pointed at the files they list now. The catalog's views (Athena SQL) are created on top,
cast to their declared column types. ``SHOW TABLES`` and ``DESCRIBE`` are answered from the catalog.

DuckDB can read any file the process can; parse_query refuses every source but catalog tables and views,
and the connection is locked down too, so a query that slipped past the parser still cannot: external
access is off except for the catalog tables' folders, and the configuration is locked.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

from mdap.catalog import Catalog, Column, TableDef, ViewDef
from mdap.catalog.describe import catalog_answer
from mdap.catalog.sql import DIALECT, parse_query
from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryEngine, QueryResult

Signature = tuple[tuple[str, int, int], ...]


class DuckDbQueryEngine(QueryEngine):
    def __init__(self, catalog: Catalog, root_dir: Path) -> None:
        self._catalog = catalog
        self._root = Path(root_dir).resolve()
        self._db = duckdb.connect(":memory:")
        self._lock = threading.Lock()  # views change under it; queries run on their own cursors
        self._empty: set[str] = set()
        self._broken: dict[str, str] = {}  # table -> why DuckDB cannot read its files (a damaged object)
        self._manifests: dict[str, Signature] = {}  # manifest table -> the manifests its view was built from
        self.register_tables()
        self._lock_down()

    def register_tables(self) -> list[str]:
        with self._lock:
            for table in self._catalog.tables:
                self._register(table)
            for view in self._catalog.views:
                self._db.execute(f'CREATE OR REPLACE VIEW "{view.name}" AS {_view_select(view)}')
        return [table.name for table in self._catalog.tables] + [view.name for view in self._catalog.views]

    def register_partitions(self, zone: str, keys: Sequence[str]) -> list[str]:
        """DuckDB reads the partition folders (and manifests) themselves: a table whose view was empty or whose
        manifests changed starts reading its files now."""
        arrived = self._catalog.arrivals(zone, keys)
        self._refresh({table.name for table, _ in arrived.values()})
        return list(arrived)

    def query(self, sql: str) -> QueryResult:
        answered = catalog_answer(sql, self._catalog)
        if answered is not None:
            return answered
        tree = parse_query(sql, self._catalog)
        names = {table.name.lower() for table in tree.find_all(exp.Table)}
        self._refresh(names)
        broken = sorted(self._catalog.base_tables(sorted(names)) & set(self._broken))
        if broken:
            raise InvalidRequest(f"{broken[0]} cannot be read: {self._broken[broken[0]]}")
        cursor = self._db.cursor()
        try:
            cursor.execute(tree.sql(dialect="duckdb"))
            columns = [column[0] for column in cursor.description or []]
            return QueryResult(columns, [tuple(row) for row in cursor.fetchall()])
        except duckdb.Error as exc:
            raise InvalidRequest(f"query failed: {str(exc).strip().splitlines()[0]}") from None
        finally:
            cursor.close()

    def _refresh(self, names: set[str]) -> None:
        """Tables that had no files may have some now, and manifests may list other files: re-point those views."""
        tables = [self._catalog.table(name) for name in sorted(self._catalog.base_tables(sorted(names)))]
        stale = [t for t in tables if t is not None and (t.name in self._empty or t.name in self._broken or (
            t.layout == "manifest" and self._signature(t) != self._manifests.get(t.name)))]
        if stale:
            with self._lock:
                for table in stale:
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
        if table.layout == "manifest":
            signature = self._signature(table)
            files = self._listed_files(table, signature)
            self._manifests[table.name] = signature
            source = _read_parquet([str(f) for f in files], table) if files else None
        else:
            has_files = folder.is_dir() and next(folder.rglob("*.parquet"), None) is not None
            source = _read_parquet([str(folder / "**" / "*.parquet")], table) if has_files else None
        (self._empty.add if source is None else self._empty.discard)(table.name)
        self._broken.pop(table.name, None)
        try:
            self._db.execute(f'CREATE OR REPLACE VIEW "{table.name}" AS {_select(table, source)}')
        except duckdb.Error as exc:  # one damaged file must not take the other tables down; tried again per query
            self._broken[table.name] = str(exc).strip().splitlines()[0]
            self._db.execute(f'CREATE OR REPLACE VIEW "{table.name}" AS {_select(table, None)}')

    def _signature(self, table: TableDef) -> Signature:
        folder = self._root / table.zone / table.data_prefix
        if not folder.is_dir():
            return ()
        found = []
        for path in folder.rglob("manifest"):
            try:
                stat = path.stat()
            except FileNotFoundError:  # replaced or removed while listing
                continue
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(sorted(found))

    def _listed_files(self, table: TableDef, signature: Signature) -> list[Path]:
        zone = self._root / table.zone
        files = []
        for manifest, _, _ in signature:
            try:
                lines = Path(manifest).read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                continue
            for line in lines:
                key = line.strip().removeprefix("s3://").partition("/")[2]
                path = (zone / key).resolve()
                if key and path.is_relative_to(zone) and path.is_file():
                    files.append(path)
        return sorted(files)


def _duck_type(athena_type: str) -> str:
    return exp.DataType.build(athena_type, dialect=DIALECT).sql(dialect="duckdb")


def _read_parquet(patterns: list[str], table: TableDef) -> str:
    files = ", ".join("'" + pattern.replace("'", "''") + "'" for pattern in patterns)
    hive_types = ", ".join(f"'{p.name}': {_duck_type(p.type)}" for p in table.partitions)
    return (f"read_parquet([{files}], hive_partitioning = true, union_by_name = true, "
            f"hive_types = {{{hive_types}}})")


def _select(table: TableDef, source: str | None) -> str:
    """Catalog columns in catalog order and types; with no source, the same shape and no rows."""
    return _cast(table.all_columns, f"FROM {source}" if source else None)


def _view_select(view: ViewDef) -> str:
    body = sqlglot.transpile(view.sql, read=DIALECT, write="duckdb")[0]
    return _cast(view.columns, f"FROM ({body}) AS v")


def _cast(columns: Sequence[Column], source: str | None) -> str:
    parts: list[Any] = []
    for column in columns:
        value = f'"{column.name}"' if source else "NULL"
        parts.append(f'CAST({value} AS {_duck_type(column.type)}) AS "{column.name}"')
    return f"SELECT {', '.join(parts)} {source}" if source else f"SELECT {', '.join(parts)} WHERE false"
