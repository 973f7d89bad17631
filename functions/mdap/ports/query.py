"""QueryEngine port: analytical SQL in Athena's (Trino) dialect over the catalog's tables."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


class QueryEngine(ABC):
    @abstractmethod
    def query(self, sql: str) -> QueryResult:
        """Run one Athena-dialect statement. Raise InvalidRequest for SQL the engine rejects."""

    @abstractmethod
    def register_tables(self) -> list[str]:
        """(Re)register every table of the catalog definition; return their names."""

    @abstractmethod
    def register_partitions(self, zone: str, keys: Sequence[str]) -> list[str]:
        """Make newly landed objects of ``zone`` queryable: the partitions they belong to, of tables whose
        partitions are registered on arrival, become known to the engine. Idempotent. Returns those
        partitions' locations (``prefix/k1=v1/.../``), sorted, each once; keys of no such table are ignored."""

