"""Table port: the single-table record store (DynamoDB | SQLite).

Items are JSON-like dicts addressed by ``pk`` and ``sk``. Every item carries an integer
``version`` managed by the store. Secondary index ``gsi1`` is keyed by the optional
attributes ``gsi1pk`` / ``gsi1sk``. The optional attribute ``expires_at`` (epoch seconds)
is the TTL attribute: stores may delete such items after that time, callers must not rely
on the moment.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mdap.ports.errors import InvalidRequest

Json = dict[str, Any]
INDEXES = ("gsi1",)


@dataclass(frozen=True)
class Item:
    pk: str
    sk: str
    data: Mapping[str, Any]
    version: int


@dataclass(frozen=True)
class Page:
    items: list[Item]
    cursor: str | None  # opaque; pass back to continue, None when exhausted


@dataclass(frozen=True)
class Put:
    pk: str
    sk: str
    data: Mapping[str, Any]
    expect_version: int | None = None  # None: unconditional; 0: must not exist; n: must be at n


@dataclass(frozen=True)
class Delete:
    pk: str
    sk: str
    expect_version: int | None = None


@dataclass(frozen=True)
class KeyRange:
    """Sort-key condition: exactly one of prefix or (low, high) inclusive."""

    prefix: str | None = None
    low: str | None = None
    high: str | None = None


class Table(ABC):
    @abstractmethod
    def get(self, pk: str, sk: str) -> Item | None: ...

    @abstractmethod
    def put(self, pk: str, sk: str, data: Mapping[str, Any], *, expect_version: int | None = None) -> Item:
        """Write and return the stored item (version incremented). Raise ConditionFailed on mismatch."""

    @abstractmethod
    def delete(self, pk: str, sk: str, *, expect_version: int | None = None) -> None: ...

    @abstractmethod
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
        """Items of one partition (of the table, or of ``index``) in sort-key order."""

    @abstractmethod
    def transact(self, writes: Sequence[Put | Delete]) -> None:
        """All writes or none; raise ConditionFailed if any condition fails. At most 25 writes."""


MAX_TRANSACT_WRITES = 25
RESERVED_ATTRIBUTES = frozenset({"pk", "sk", "version"})


def validate_data(data: Mapping[str, Any]) -> None:
    """Raise InvalidRequest when ``data`` breaks a rule every store enforces the same way."""
    reserved = RESERVED_ATTRIBUTES.intersection(data)
    if reserved:
        raise InvalidRequest(f"item data must not contain the store-managed attributes {sorted(reserved)}")
    for name in ("gsi1pk", "gsi1sk"):
        if name in data and not isinstance(data[name], str):
            raise InvalidRequest(f"index attribute {name!r} must be a string, got {type(data[name]).__name__}")


def validate_writes(writes: Sequence[Put | Delete]) -> None:
    """A transaction holds 1..25 writes, each to a different item."""
    if not writes or len(writes) > MAX_TRANSACT_WRITES:
        raise InvalidRequest(f"a transaction needs 1 to {MAX_TRANSACT_WRITES} writes, got {len(writes)}")
    keys = [(write.pk, write.sk) for write in writes]
    if len(set(keys)) != len(keys):
        raise InvalidRequest("a transaction must not write the same item twice")
    for write in writes:
        if isinstance(write, Put):
            validate_data(write.data)
