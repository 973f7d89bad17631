"""Table on SQLite: the same single-table model as DynamoDB, in one WAL file.

Writers take the database lock up front (BEGIN IMMEDIATE) so a read-check-write never
interleaves with another writer, in this process or another one.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from mdap.adapters.local.private import private_file
from mdap.ports.errors import ConditionFailed, InvalidRequest
from mdap.ports.table import Delete, Item, KeyRange, Page, Put, Table, validate_data, validate_writes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL, sk TEXT NOT NULL, data TEXT NOT NULL, version INTEGER NOT NULL,
    gsi1pk TEXT, gsi1sk TEXT, PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_gsi1 ON items (gsi1pk, gsi1sk, pk, sk) WHERE gsi1pk IS NOT NULL;
"""
_COLUMNS = "pk, sk, data, version"


class SqliteFile:
    """One SQLite file in WAL mode, a connection per thread, schema created on open."""

    def __init__(self, path: Path, schema: str) -> None:
        self._path = private_file(Path(path))
        self._local = threading.local()
        self.read().executescript(schema)

    def read(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # autocommit mode: transactions are explicit (BEGIN IMMEDIATE in write()).
            conn = sqlite3.connect(self._path, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A transaction holding the write lock from the start; rolled back on any exception."""
        conn = self.read()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class SqliteTable(Table):
    def __init__(self, path: Path) -> None:
        self._db = SqliteFile(path, _SCHEMA)

    def get(self, pk: str, sk: str) -> Item | None:
        row = self._db.read().execute(f"SELECT {_COLUMNS} FROM items WHERE pk=? AND sk=?", (pk, sk)).fetchone()
        return _item(row) if row else None

    def put(self, pk: str, sk: str, data: Mapping[str, Any], *, expect_version: int | None = None) -> Item:
        validate_data(data)
        with self._db.write() as conn:
            return _put(conn, Put(pk, sk, data, expect_version))

    def delete(self, pk: str, sk: str, *, expect_version: int | None = None) -> None:
        with self._db.write() as conn:
            _delete(conn, Delete(pk, sk, expect_version))

    def query(
        self,
        pk: str,
        *,
        sk: KeyRange | None = None,
        index: Literal["gsi1"] | None = None,
        limit: int = 100,
        cursor: str | None = None,
        descending: bool = False,
    ) -> Page:
        if limit < 1:
            raise InvalidRequest(f"limit must be at least 1, got {limit}")
        keys = ("gsi1pk", "gsi1sk", "pk", "sk") if index else ("pk", "sk")
        where, params = range_sql(keys[1], sk)
        after, after_params = decode_cursor(cursor, keys[1:], descending)
        sql = (f"SELECT {_COLUMNS}, {', '.join(keys[1:])} FROM items WHERE {keys[0]} = ? AND {keys[1]} IS NOT NULL"
               f"{where}{after} ORDER BY {order_sql(keys[1:], descending)} LIMIT ?")
        rows = self._db.read().execute(sql, (pk, *params, *after_params, max(1, limit) + 1)).fetchall()
        items = [_item(row) for row in rows[:limit]]
        more = len(rows) > limit and items
        next_cursor = encode_cursor(rows[limit - 1][4:]) if more else None
        return Page(items, next_cursor)

    def transact(self, writes: Sequence[Put | Delete]) -> None:
        validate_writes(writes)
        with self._db.write() as conn:  # any ConditionFailed rolls the whole transaction back
            for write in writes:
                if isinstance(write, Put):
                    _put(conn, write)
                else:
                    _delete(conn, write)


def _check(conn: sqlite3.Connection, pk: str, sk: str, expect_version: int | None) -> int:
    """Return the current version (0 when absent) or raise ConditionFailed."""
    row = conn.execute("SELECT version FROM items WHERE pk=? AND sk=?", (pk, sk)).fetchone()
    current = int(row[0]) if row else 0
    if expect_version is not None and expect_version != current:
        raise ConditionFailed(f"item {pk}/{sk} is at version {current}, expected {expect_version}")
    return current


def _put(conn: sqlite3.Connection, put: Put) -> Item:
    version = _check(conn, put.pk, put.sk, put.expect_version) + 1
    data = _normalise(put.data)
    conn.execute(
        "INSERT OR REPLACE INTO items (pk, sk, data, version, gsi1pk, gsi1sk) VALUES (?, ?, ?, ?, ?, ?)",
        (put.pk, put.sk, _dumps(data), version, data.get("gsi1pk"), data.get("gsi1sk")),
    )
    return Item(put.pk, put.sk, data, version)


def _delete(conn: sqlite3.Connection, delete: Delete) -> None:
    _check(conn, delete.pk, delete.sk, delete.expect_version)
    conn.execute("DELETE FROM items WHERE pk=? AND sk=?", (delete.pk, delete.sk))


def _item(row: sqlite3.Row | tuple[Any, ...]) -> Item:
    return Item(row[0], row[1], json.loads(row[2], parse_float=_number), int(row[3]))


def _dumps(data: Mapping[str, Any]) -> str:
    try:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise InvalidRequest(f"item data must be JSON-like (str, number, bool, None, list, dict): {exc}") from None


def _normalise(data: Mapping[str, Any]) -> dict[str, Any]:
    """What DynamoDB would hand back: numbers as int when integral, else float (Decimal included)."""
    return json.loads(_dumps(_plain(data)), parse_float=_number)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidRequest(f"numbers must be finite, got {value}")
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(inner) for inner in value]
    return value


def _number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number


def range_sql(column: str, key_range: KeyRange | None) -> tuple[str, tuple[Any, ...]]:
    if key_range is None:
        return "", ()
    if key_range.prefix is not None and key_range.low is None and key_range.high is None:
        # substr keeps '%' and '_' in the prefix literal; the >= bound lets the index narrow the scan.
        return (f" AND {column} >= ? AND substr({column}, 1, ?) = ?",
                (key_range.prefix, len(key_range.prefix), key_range.prefix))
    if key_range.prefix is None and key_range.low is not None and key_range.high is not None:
        return f" AND {column} BETWEEN ? AND ?", (key_range.low, key_range.high)
    raise InvalidRequest("KeyRange needs exactly one of: prefix, or both low and high")


def order_sql(columns: Sequence[str], descending: bool) -> str:
    return ", ".join(f"{column} {'DESC' if descending else 'ASC'}" for column in columns)


def encode_cursor(values: Sequence[str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values), ensure_ascii=False).encode()).decode()


def decode_cursor(cursor: str | None, columns: Sequence[str], descending: bool) -> tuple[str, tuple[str, ...]]:
    """The row-value condition that continues strictly after the cursor's position."""
    if not cursor:
        return "", ()
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError:
        raise InvalidRequest("the cursor is not one this table issued") from None
    if not isinstance(values, list) or len(values) != len(columns):
        raise InvalidRequest("the cursor does not belong to this query (table vs index)")
    operator = "<" if descending else ">"
    return f" AND ({', '.join(columns)}) {operator} ({', '.join('?' * len(columns))})", tuple(values)
