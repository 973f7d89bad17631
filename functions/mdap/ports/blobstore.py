"""BlobStore port: objects by key in one zone (raw, curated, quarantine, documents...)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mdap.ports.errors import InvalidRequest


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    sha256: str  # hex digest of the content; "" if unknown (S3: uploaded by URL without a checksum)
    content_type: str
    last_modified: datetime
    metadata: Mapping[str, str] = field(default_factory=dict)


class BlobStore(ABC):
    """Keys are '/'-separated, never start with '/', never contain '..' segments."""

    @abstractmethod
    def put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
    ) -> BlobInfo:
        """Write atomically: a reader sees the old object or the whole new one, never a part."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """Raise NotFound when missing."""

    @abstractmethod
    def head(self, key: str) -> BlobInfo:
        """Raise NotFound when missing."""

    @abstractmethod
    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        """Every object whose key starts with prefix, in key order."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Idempotent: deleting a missing key is not an error."""

    @abstractmethod
    def upload_url(self, key: str, *, expires_in: int = 900, content_type: str | None = None) -> str:
        """A URL that accepts one HTTP PUT of the object's bytes until it expires."""

    @abstractmethod
    def download_url(self, key: str, *, expires_in: int = 900) -> str:
        """A URL that serves an HTTP GET of the object until it expires."""


@dataclass(frozen=True)
class ObjectCreated:
    zone: str  # logical zone name: raw, curated, quarantine, documents
    key: str
    size: int
    at: datetime


@dataclass(frozen=True)
class ReceivedEvent:
    event: ObjectCreated
    receipt: str  # pass to ObjectEvents.ack once handled


class ObjectEvents(ABC):
    """Object-created notifications, delivered at least once until acknowledged."""

    @abstractmethod
    def receive(self, *, max_events: int = 10, wait_seconds: float = 0) -> list[ReceivedEvent]:
        """Events not yet acknowledged; a received event is hidden for a while, then re-delivered."""

    @abstractmethod
    def ack(self, receipt: str) -> None:
        """Mark an event handled; it is not delivered again."""


MAX_KEY_BYTES = 1024
MAX_SEGMENT_BYTES = 255  # a file name on the local profile's file systems


def validate_key(key: str) -> str:
    """Return ``key`` if it follows the port's key rules, else raise InvalidRequest saying which one."""
    if not key:
        raise InvalidRequest("object key is empty")
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise InvalidRequest(f"object key is longer than {MAX_KEY_BYTES} bytes (UTF-8): {key[:60]!r}...")
    if key.startswith("/"):
        raise InvalidRequest(f"object key must not start with '/': {key!r}")
    if "\x00" in key or "\\" in key:
        raise InvalidRequest(f"object key must not contain NUL or backslash: {key!r}")
    for segment in key.split("/"):
        if segment == "":
            raise InvalidRequest(f"object key has an empty segment ('//' or trailing '/'): {key!r}")
        if segment in (".", ".."):
            raise InvalidRequest(f"object key must not contain '.' or '..' segments: {key!r}")
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            raise InvalidRequest(f"object key has a segment longer than {MAX_SEGMENT_BYTES} bytes: {segment[:40]!r}...")
    return key


def validate_metadata(metadata: Mapping[str, str]) -> dict[str, str]:
    """User metadata as every store keeps it: ASCII (S3 sends it as HTTP headers), names lower-cased."""
    for name, value in metadata.items():
        if not isinstance(name, str) or not isinstance(value, str) or not name:
            raise InvalidRequest("object metadata must map non-empty strings to strings")
        if not name.isascii() or not value.isascii():
            raise InvalidRequest(f"object metadata must be ASCII (S3 sends it as HTTP headers): {name!r}")
        if name.lower().startswith("mdap-"):
            raise InvalidRequest(f"metadata names starting with 'mdap-' are reserved for the store: {name!r}")
    return {name.lower(): value for name, value in metadata.items()}
