"""SecretSource port: platform secrets the services need as bytes (Secrets Manager | owner-only key files).

A secret is named by what it is for (``pseudonym-key``); the adapter maps the name to where it is kept. The
pseudonym key must never change once data was pseudonymised with it: joins across datasets and over time
rely on the same person getting the same pseudonym, so neither adapter rotates anything.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod

from mdap.ports.errors import InvalidRequest

MIN_SECRET_BYTES = 32
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
PSEUDONYM_KEY = "pseudonym-key"


class SecretSource(ABC):
    @abstractmethod
    def secret(self, name: str) -> bytes:
        """The secret ``name`` (at least 32 bytes, the same on every call); NotFound if it is not provisioned."""


def validate_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidRequest(f"secret names are lower-case words joined by '-', like 'pseudonym-key': {name!r}")
    return name


def checked_secret(name: str, value: bytes) -> bytes:
    """Refuse a secret too short to key an HMAC safely (a placeholder put by hand, say)."""
    if len(value) < MIN_SECRET_BYTES:
        raise InvalidRequest(f"secret {name!r} holds {len(value)} bytes; at least {MIN_SECRET_BYTES} are needed")
    return value
