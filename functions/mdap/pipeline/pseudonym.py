"""Keyed pseudonyms over Arrow columns: HMAC-SHA-256 once per distinct value (see domain.privacy.pseudonym)."""

from __future__ import annotations

import pyarrow as pa

from mdap.domain.privacy.pseudonym import pseudonym
from mdap.pipeline.columns import Array, map_distinct


class Pseudonymizer:
    """Same person -> same pseudonym in every dataset, as long as the key is the same (Secrets Manager in AWS,
    a local key file otherwise); the key never appears in any output."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("pseudonym key must be at least 16 bytes")
        self._key = key
        self._cache: dict[str, str] = {}

    def pseudonym(self, value: str) -> str:
        found = self._cache.get(value)
        if found is None:
            found = self._cache[value] = pseudonym(self._key, value)
        return found

    def column(self, arr: Array) -> pa.Array:
        """Pseudonyms of a text column; nulls and blank cells stay null."""
        return map_distinct(arr, lambda v: self.pseudonym(v) if v.strip() else None)

    def __repr__(self) -> str:
        return "Pseudonymizer(key=***)"
