"""The local BlobStore's write intents: what lets a restart settle a write that died mid-way.

An intent is a small JSON file written (and fsynced) before a key's file is renamed into place or
removed, and deleted once the index transaction has committed. One left behind names a write whose
file change and index COMMIT may disagree; LocalBlobStore settles it when it next opens the zone.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from mdap.ports.blobstore import BlobInfo


def entry(info: BlobInfo, **extra: str) -> dict[str, Any]:
    return {"key": info.key, "size": info.size, "sha256": info.sha256, "content_type": info.content_type,
            "metadata": dict(info.metadata), "last_modified": info.last_modified.isoformat(), **extra}


def info_of(data: dict[str, Any]) -> BlobInfo:
    return BlobInfo(str(data["key"]), int(data["size"]), str(data["sha256"]), str(data["content_type"]),
                    datetime.fromisoformat(str(data["last_modified"])), dict(data["metadata"]))


def write(path: Path, data: dict[str, Any]) -> None:
    """Durable before the change it announces: file contents and its directory entry are fsynced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def pending(journal: Path) -> list[tuple[Path, dict[str, Any] | None]]:
    """Intents left behind, oldest name first; None for one torn while being written (nothing changed yet)."""
    found: list[tuple[Path, dict[str, Any] | None]] = []
    for path in sorted(journal.glob("*.json")):
        try:
            found.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            found.append((path, None))
    return found


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
