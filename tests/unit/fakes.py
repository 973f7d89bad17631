"""In-memory implementations of ports for unit tests: real behaviour, no I/O."""

from __future__ import annotations

import base64
import copy
import json
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from mdap.ports.errors import ConditionFailed, InvalidRequest
from mdap.ports.table import Delete, Item, KeyRange, Page, Put, Table


class InMemoryTable(Table):
    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Item] = {}
        self._lock = threading.RLock()

    def get(self, pk: str, sk: str) -> Item | None:
        with self._lock:
            return self._items.get((pk, sk))

    def put(self, pk: str, sk: str, data: Mapping[str, Any], *, expect_version: int | None = None) -> Item:
        with self._lock:
            self._check(pk, sk, expect_version)
            current = self._items.get((pk, sk))
            item = Item(pk, sk, copy.deepcopy(dict(data)), (current.version if current else 0) + 1)
            self._items[(pk, sk)] = item
            return item

    def delete(self, pk: str, sk: str, *, expect_version: int | None = None) -> None:
        with self._lock:
            self._check(pk, sk, expect_version)
            self._items.pop((pk, sk), None)

    def query(self, pk: str, *, sk: KeyRange | None = None, index: Literal["gsi1"] | None = None,
              limit: int = 100, cursor: str | None = None, descending: bool = False) -> Page:
        with self._lock:
            rows = sorted(((self._keys(item, index), item) for item in self._items.values()),
                          key=lambda row: row[0][1], reverse=descending)
        rows = [row for row in rows if row[0][0] == pk and _match(row[0][1], sk)]
        start = int(base64.b64decode(cursor)) if cursor else 0
        chunk = rows[start:start + limit]
        more = start + limit < len(rows)
        return Page([item for _, item in chunk], base64.b64encode(str(start + limit).encode()).decode()
                    if more else None)

    def transact(self, writes: Sequence[Put | Delete]) -> None:
        if len(writes) > 25:
            raise InvalidRequest("at most 25 writes per transaction")
        with self._lock:
            for write in writes:
                self._check(write.pk, write.sk, write.expect_version)
            for write in writes:
                if isinstance(write, Put):
                    self.put(write.pk, write.sk, write.data)
                else:
                    self.delete(write.pk, write.sk)

    def _check(self, pk: str, sk: str, expect_version: int | None) -> None:
        if expect_version is None:
            return
        current = self._items.get((pk, sk))
        if (current.version if current else 0) != expect_version:
            raise ConditionFailed(f"{pk}/{sk}: expected version {expect_version}")

    @staticmethod
    def _keys(item: Item, index: str | None) -> tuple[str, str]:
        if index is None:
            return item.pk, item.sk
        return str(item.data.get("gsi1pk", "")), str(item.data.get("gsi1sk", ""))


def _match(value: str, sk: KeyRange | None) -> bool:
    if sk is None:
        return True
    if sk.prefix is not None:
        return value.startswith(sk.prefix)
    return (sk.low is None or value >= sk.low) and (sk.high is None or value <= sk.high)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
