"""BlobStore on a directory tree with S3's key layout: ``{root_dir}/{key}``.

Content type, user metadata and the sha256 digest live in a small SQLite index next to the
zone's directory (``{root_dir}.index.sqlite3``), so list/head never read object bytes and the
tree itself holds nothing but the objects (DuckDB globs it directly). The index database also
holds the zone's object-created outbox (see events.py): the event is inserted in the transaction
that records the object.

A write goes to a temp file in the target directory and is fsynced; then, holding the index's
write lock, an intent is journalled (``{root_dir}.journal/``), the temp file is renamed over the
key and the index row and event are committed. Readers see the old or the new object. A process
that dies between the rename and the COMMIT leaves an intent behind, which the next LocalBlobStore
opened on the zone completes (the new file gets its row and event) or discards (the rename never
happened): after a restart the index describes the files on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mdap.adapters.clock import SystemClock
from mdap.adapters.local import blob_journal as journal
from mdap.adapters.local.blob_urls import BlobUrlSigner
from mdap.adapters.local.events import OUTBOX_SCHEMA, LocalObjectEvents, record
from mdap.adapters.local.private import private_dir
from mdap.adapters.local.table import SqliteFile
from mdap.ports.blobstore import BlobInfo, BlobStore, ObjectCreated, validate_key, validate_metadata
from mdap.ports.clock import Clock
from mdap.ports.errors import InvalidRequest, NotFound

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    key TEXT PRIMARY KEY, size INTEGER NOT NULL, sha256 TEXT NOT NULL, content_type TEXT NOT NULL,
    metadata TEXT NOT NULL, last_modified TEXT NOT NULL
) WITHOUT ROWID;
""" + OUTBOX_SCHEMA
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
        private_dir(self._root)
        self._index = SqliteFile(self._root.with_name(self._root.name + ".index.sqlite3"), _SCHEMA)
        self._journal = self._root.with_name(self._root.name + ".journal")
        private_dir(self._journal)
        self._zone = zone
        self._signer = signer if isinstance(signer, BlobUrlSigner) else BlobUrlSigner(signer, clock)
        self._base_url = base_url
        self._events = events
        self._clock = clock or SystemClock()
        if events is not None:
            events.add_outbox(zone, self._index)
        self._recover()

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream",
            metadata: Mapping[str, str] | None = None) -> BlobInfo:
        path = self._path(key)
        meta = validate_metadata(metadata or {})
        info = BlobInfo(key, len(data), hashlib.sha256(data).hexdigest(), content_type,
                        self._clock.now().astimezone(UTC), meta)
        temp = self._write_temp(path, data)
        intent = self._journal / (temp.name + ".json")
        try:
            with self._index.write() as conn:
                journal.write(intent, journal.entry(info, temp=str(temp)))
                os.replace(temp, path)
                _fsync_dir(path.parent)
                self._commit(conn, info)
        except BaseException as exc:
            temp.unlink(missing_ok=True)
            self._recover()  # the rename may have happened without its COMMIT
            if isinstance(exc, IsADirectoryError):
                raise InvalidRequest(f"key {key!r} is already a folder of other keys in zone {self._zone!r}") from None
            raise
        intent.unlink(missing_ok=True)
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
        intent = self._journal / f".delete-{secrets.token_hex(8)}.json"
        with self._index.write() as conn:
            if path.is_file():
                journal.write(intent, {"delete": key})
                path.unlink()
            conn.execute("DELETE FROM objects WHERE key = ?", (key,))
        intent.unlink(missing_ok=True)
        _remove_empty_parents(path.parent, self._root)

    def upload_url(self, key: str, *, expires_in: int = 900, content_type: str | None = None) -> str:
        validate_key(key)
        return self._signer.url(self._base_url, "PUT", self._zone, key, expires_in, content_type or "")

    def download_url(self, key: str, *, expires_in: int = 900) -> str:
        validate_key(key)
        return self._signer.url(self._base_url, "GET", self._zone, key, expires_in)

    def _commit(self, conn: sqlite3.Connection, info: BlobInfo) -> None:
        """The object's row and its event, in the caller's transaction: one COMMIT makes both durable."""
        conn.execute(f"INSERT OR REPLACE INTO objects ({_FIELDS}) VALUES (?, ?, ?, ?, ?, ?)",
                     (info.key, info.size, info.sha256, info.content_type,
                      json.dumps(dict(info.metadata), ensure_ascii=False), info.last_modified.isoformat()))
        if self._events is not None:
            record(conn, ObjectCreated(self._zone, info.key, info.size, info.last_modified))

    def _recover(self) -> None:
        """Settle the intents of writes that died between their file change and their COMMIT."""
        left = journal.pending(self._journal)
        if left:
            with self._index.write() as conn:
                for _, data in left:
                    if data is not None:
                        self._settle(conn, data)
            for path, _ in left:
                path.unlink(missing_ok=True)

    def _settle(self, conn: sqlite3.Connection, data: dict[str, Any]) -> None:
        if "delete" in data:  # the file is gone (or never went): the row follows the file
            if not self._path(data["delete"]).is_file():
                conn.execute("DELETE FROM objects WHERE key = ?", (data["delete"],))
            return
        if Path(data["temp"]).exists():  # never renamed into place: the old object and row stand
            Path(data["temp"]).unlink()
            return
        info = journal.info_of(data)
        row = conn.execute("SELECT sha256, last_modified FROM objects WHERE key = ?", (info.key,)).fetchone()
        if row is not None and tuple(row) == (info.sha256, info.last_modified.isoformat()):
            return  # committed
        try:
            on_disk = hashlib.sha256(self._path(info.key).read_bytes()).hexdigest()
        except OSError:
            return
        if on_disk == info.sha256:  # renamed, not committed: record it now, with its event
            self._commit(conn, info)

    def _path(self, key: str) -> Path:
        return self._root.joinpath(*validate_key(key).split("/"))

    def _write_temp(self, path: Path, data: bytes) -> Path:
        try:
            private_dir(path.parent)
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
    journal.fsync_dir(directory)


def _remove_empty_parents(directory: Path, root: Path) -> None:
    """Empty folders left by deletes would block a later object of the same name."""
    while directory != root and root in directory.parents:
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
