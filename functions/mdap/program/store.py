"""Records of the program in the single table: typed keys, versioned read-modify-write, paging."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mdap.ports.errors import ConditionFailed, NotFound
from mdap.ports.table import Item, KeyRange, Table

_RETRIES = 8


def new_id(prefix: str) -> str:
    """Short, unguessable, sortable enough ids: ``app-3f9c2a1b7d4e``."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Key:
    pk: str
    sk: str


def call_key(call_id: str) -> Key:
    return Key(f"CALL#{call_id}", "CALL")


def application_key(application_id: str) -> Key:
    return Key(f"APP#{application_id}", "APP")


def project_key(project_id: str) -> Key:
    return Key(f"PROJECT#{project_id}", "PROJECT")


class Records:
    """Versioned JSON records over the Table port."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, key: Key, what: str = "item") -> dict[str, Any]:
        item = self.table.get(key.pk, key.sk)
        if item is None:
            raise NotFound(f"no {what} {key.pk.partition('#')[2] or key.pk}")
        return dict(item.data)

    def find(self, key: Key) -> Item | None:
        return self.table.get(key.pk, key.sk)

    def create(self, key: Key, data: Mapping[str, Any]) -> dict[str, Any]:
        self.table.put(key.pk, key.sk, data, expect_version=0)
        return dict(data)

    def update(self, key: Key, change: Callable[[dict[str, Any]], dict[str, Any]], what: str = "item"
               ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Apply ``change`` to the current record and write it if nobody wrote in between; returns
        (before, after). ``change`` may raise a domain error to refuse."""
        for _ in range(_RETRIES):
            item = self.table.get(key.pk, key.sk)
            if item is None:
                raise NotFound(f"no {what} {key.pk.partition('#')[2]}")
            before = dict(item.data)
            after = change(dict(item.data))
            try:
                self.table.put(key.pk, key.sk, after, expect_version=item.version)
            except ConditionFailed:
                continue
            return before, after
        raise ConditionFailed(f"{what} {key.pk.partition('#')[2]} kept changing; try again")

    def page(self, pk: str, *, prefix: str | None = None, index: bool = False, limit: int = 50,
             cursor: str | None = None, descending: bool = False) -> tuple[list[dict[str, Any]], str | None]:
        found = self.table.query(pk, sk=KeyRange(prefix=prefix) if prefix is not None else None,
                                 index="gsi1" if index else None, limit=limit, cursor=cursor, descending=descending)
        return [dict(item.data) for item in found.items], found.cursor

    def all(self, pk: str, *, prefix: str | None = None, index: bool = False) -> Iterator[dict[str, Any]]:
        cursor: str | None = None
        while True:
            items, cursor = self.page(pk, prefix=prefix, index=index, limit=200, cursor=cursor)
            yield from items
            if cursor is None:
                return
