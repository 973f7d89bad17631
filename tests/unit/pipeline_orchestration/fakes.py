"""In-memory stand-ins for the pipeline's ports in unit tests: real behaviour, no I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from mdap.ports.blobstore import BlobInfo, BlobStore, validate_key
from mdap.ports.errors import ConditionFailed, NotFound
from mdap.ports.workflow import Execution, PendingCallback, Workflow


class MemoryBlobs(BlobStore):
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.reads: list[str] = []

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream",
            metadata: Mapping[str, str] | None = None) -> BlobInfo:
        self.objects[validate_key(key)] = data
        return self.head(key)

    def get(self, key: str) -> bytes:
        self.reads.append(key)
        if key not in self.objects:
            raise NotFound(key)
        return self.objects[key]

    def head(self, key: str) -> BlobInfo:
        if key not in self.objects:
            raise NotFound(key)
        data = self.objects[key]
        return BlobInfo(key, len(data), hashlib.sha256(data).hexdigest(), "application/octet-stream",
                        datetime(2025, 1, 1, tzinfo=UTC))

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        return iter([self.head(k) for k in sorted(self.objects) if k.startswith(prefix)])

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def upload_url(self, key: str, *, expires_in: int = 900, content_type: str | None = None) -> str:
        raise NotImplementedError

    def download_url(self, key: str, *, expires_in: int = 900) -> str:
        raise NotImplementedError


class RecordingWorkflow(Workflow):
    """Starts nothing: keeps what it was asked to start (a name twice with the same input is one execution)."""

    def __init__(self, fail: bool = False) -> None:
        self.started: dict[str, Any] = {}
        self.fail = fail

    def start(self, state_machine: str, input: Any, *, name: str | None = None) -> str:
        if self.fail:
            raise ConditionFailed("the workflow service refused")
        assert name is not None
        self.started[name] = (state_machine, input)
        return f"arn:{name}"

    def describe(self, execution_arn: str) -> Execution:
        raise NotImplementedError

    def history(self, execution_arn: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def send_task_success(self, task_token: str, output: Any) -> None:
        raise NotImplementedError

    def send_task_failure(self, task_token: str, error: str, cause: str = "") -> None:
        raise NotImplementedError

    def send_task_heartbeat(self, task_token: str) -> None:
        raise NotImplementedError

    def pending_callbacks(self, execution_arn: str | None = None) -> list[PendingCallback]:
        raise NotImplementedError
