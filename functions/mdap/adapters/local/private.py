"""The local profile's files are the owner's alone: folders 0700, files 0600, whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents owner-only; existing folders keep their mode."""
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(f"{path} is a file")
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):  # Path.mkdir(parents=True) would give the parents the umask's mode
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and is owner-only before anything is written into it.

    SQLite gives its -wal and -shm files the mode of the database file, so a database created through this
    stays private with its journals.
    """
    private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    os.chmod(path, FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``, never visible with a wider mode."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    tmp.replace(path)


def readable_by_others(path: Path) -> bool:
    return bool(path.stat().st_mode & 0o077)
