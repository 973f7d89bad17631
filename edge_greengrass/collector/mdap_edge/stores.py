"""Adapters for a collector, chosen by its configuration: where batches go (BlobStore) and status (Table).

- ``store: {kind: local}``: the platform's raw zone in the data directory (``<data-dir>/blobs/raw``), with its
  object-created events, exactly where ``mdap run`` and ``mdap query`` read it.
- ``store: {kind: s3, ...}``: an S3 bucket, or an S3-compatible store on the premises (``endpoint_url``).
  boto3 finds credentials as usual; under Greengrass that is the token exchange service.
Timeouts are short and boto3 does not retry: the uploader retries with its own backoff, and a hanging store
must not stretch a shutdown.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from mdap.ports.blobstore import BlobStore
from mdap.ports.table import Table
from mdap_edge.config import StatusConfig, StoreConfig


def _boto_config(read_timeout: float, *, path_style: bool = False) -> Any:
    from botocore.config import Config

    return Config(connect_timeout=3, read_timeout=read_timeout, retries={"max_attempts": 1, "mode": "standard"},
                  tcp_keepalive=True, s3={"addressing_style": "path"} if path_style else None)


def blob_store(config: StoreConfig, data_dir: Path) -> BlobStore:
    if config.kind == "local":
        from mdap.adapters.local.blobstore import LocalBlobStore
        from mdap.adapters.local.events import LocalObjectEvents

        events = LocalObjectEvents(data_dir / "events.sqlite3")
        # The collector never signs URLs: a throwaway signing key keeps the platform's key unread.
        return LocalBlobStore(data_dir / "blobs" / "raw", "raw", secrets.token_bytes(32), "http://127.0.0.1:8000",
                              events)
    import boto3

    from mdap.adapters.aws.s3 import S3BlobStore

    # Stores on the premises (endpoint_url) are addressed by path: their names are rarely in DNS.
    client = boto3.Session(region_name=config.region).client(
        "s3", endpoint_url=config.endpoint_url, config=_boto_config(10, path_style=bool(config.endpoint_url)))
    return S3BlobStore(client, config.bucket, "raw")


def status_table(config: StatusConfig, data_dir: Path) -> Table | None:
    if config.kind == "none":
        return None
    if config.kind == "local":
        from mdap.adapters.local.table import SqliteTable

        return SqliteTable(data_dir / "table.sqlite3")
    import boto3

    from mdap.adapters.aws.dynamodb import DynamoTable

    resource = boto3.Session(region_name=config.region).resource("dynamodb", endpoint_url=config.endpoint_url,
                                                                 config=_boto_config(5))
    return DynamoTable(resource, config.table)
