"""SecretSource on owner-only files in the data directory: ``<data dir>/secrets/<name>`` (0600, folder 0700).

A secret missing on first use is generated (48 random bytes) and kept: a local installation provisions its
own secrets, as ``mdap run`` does for its signing keys. Nothing secret is in the repository.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

from mdap.adapters.local.private import private_dir, write_private
from mdap.ports.secrets import SecretSource, checked_secret, validate_name

GENERATED_BYTES = 48


class LocalSecrets(SecretSource):
    def __init__(self, folder: Path) -> None:
        self._folder = Path(folder)
        self._lock = threading.Lock()

    def secret(self, name: str) -> bytes:
        path = self._folder / validate_name(name)
        with self._lock:
            if not path.exists():
                private_dir(self._folder)
                write_private(path, secrets.token_bytes(GENERATED_BYTES))
            return checked_secret(name, path.read_bytes())
