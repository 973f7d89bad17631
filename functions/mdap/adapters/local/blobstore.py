"""BlobStore on a directory tree with S3's key layout: ``{root_dir}/{key}``.

Content type, user metadata and the sha256 digest live in a small SQLite index next to the
zone's directory (``{root_dir}.index.sqlite3``), so list/head never read object bytes and the
tree itself holds nothing but the objects (DuckDB globs it directly). A write goes to a temp file
in the target directory, is fsynced and renamed over the key while the index's write lock is
held: readers see the old or the new object, and the index always describes the file on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from mdap.adapters.clock import SystemClock
from mdap.adapters.local.blob_urls import BlobUrlSigner
from mdap.adapters.local.events import LocalObjectEvents
from mdap.adapters.local.table import SqliteFile
from mdap.ports.blobstore import BlobInfo, BlobStore, ObjectCreated, validate_key, validate_metadata
from mdap.ports.clock import Clock
from mdap.ports.errors import InvalidRequest, NotFound

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    key TEXT PRIMARY KEY, size INTEGER NOT NULL, sha256 TEXT NOT NULL, content_type TEXT NOT NULL,
    metadata TEXT NOT NULL, last_modified TEXT NOT NULL
) WITHOUT ROWID;
"""
_ZONE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_FIELDS = "key, size, sha256, content_type, metadata, last_modified"


class LocalBlobStore(BlobStore):
    def __init__(
        self,
        root_dir: Path,
        zone: str,
        signer: BlobUrlSigner | bytes,
        base_url: str,
        events: LocalObjectEvents | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        if not _ZONE.match(zone):
            raise ValueError(f"zone names are lower-case words like 'raw' or 'curated', not {zone!r}")
        self._root = Path(root_dir).resolve()
        self._root.mkdir(parents=True, exist_ok=True)
        self._index = SqliteFile(self._root.with_name(self._root.name + ".index.sqlite3"), _SCHEMA)
        self._zone = zone
        self._signer = signer if isinstance(signer, BlobUrlSigner) else BlobUrlSigner(signer, clock)
        self._base_url = base_url
        self._events = events
        self._clock = clock or SystemClock()

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream",
            metadata: Mapping[str, str] | None = None) -> BlobInfo:
        path = self._path(key)
        meta = validate_metadata(metadata or {})
        info = BlobInfo(key, len(data), hashlib.sha256(data).hexdigest(), content_type,
                        self._clock.now().astimezone(UTC), meta)
        temp = self._write_temp(path, data)
        try:
            with self._index.write() as conn:
                os.replace(temp, path)
                _fsync_dir(path.parent)
                conn.execute(f"INSERT OR REPLACE INTO objects ({_FIELDS}) VALUES (?, ?, ?, ?, ?, ?)",
                             (key, info.size, info.sha256, content_type, json.dumps(meta, ensure_ascii=False),
                              info.last_modified.isoformat()))
        except IsADirectoryError:
            raise InvalidRequest(f"key {key!r} is already a folder of other keys in zone {self._zone!r}") from None
        finally:
            temp.unlink(missing_ok=True)
        if self._events is not None:  # after the object is durable: consumers can always read it
            self._events.publish(ObjectCreated(self._zone, key, info.size, info.last_modified))
        return info

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise NotFound(f"no object {key!r} in zone {self._zone!r}") from None

    def head(self, key: str) -> BlobInfo:
        validate_key(key)
        row = self._index.read().execute(f"SELECT {_FIELDS} FROM objects WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise NotFound(f"no object {key!r} in zone {self._zone!r}")
        return _info(row)

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        rows = self._index.read().execute(
            f"SELECT {_FIELDS} FROM objects WHERE key >= ? AND substr(key, 1, ?) = ? ORDER BY key",
            (prefix, len(prefix), prefix),
        ).fetchall()
        return iter([_info(row) for row in rows])

    def delete(self, key: str) -> None:
        path = self._path(key)
        with self._index.write() as conn:
            if path.is_file():
                path.unlink()
            conn.execute("DELETE FROM objects WHERE key = ?", (key,))
        _remove_empty_parents(path.parent, self._root)

    def upload_url(self, key: str, *, expires_in: int = 900, content_type: str | None = None) -> str:
        validate_key(key)
        return self._signer.url(self._base_url, "PUT", self._zone, key, expires_in, content_type or "")

    def download_url(self, key: str, *, expires_in: int = 900) -> str:
        validate_key(key)
        return self._signer.url(self._base_url, "GET", self._zone, key, expires_in)

    def _path(self, key: str) -> Path:
        return self._root.joinpath(*validate_key(key).split("/"))

    def _write_temp(self, path: Path, data: bytes) -> Path:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise InvalidRequest(f"a folder of key {path.relative_to(self._root)} is already an object") from None
        fd, name = tempfile.mkstemp(prefix=".mdap-tmp-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return Path(name)


def _info(row: sqlite3.Row | tuple[object, ...]) -> BlobInfo:
    key, size, digest, content_type, metadata, modified = row
    return BlobInfo(str(key), int(str(size)), str(digest), str(content_type),
                    datetime.fromisoformat(str(modified)), json.loads(str(metadata)))


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_empty_parents(directory: Path, root: Path) -> None:
    """Empty folders left by deletes would block a later object of the same name."""
    while directory != root and root in directory.parents:
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
