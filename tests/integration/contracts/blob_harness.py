"""Both BlobStore adapters behind one harness: the store plus a way to call its signed URLs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import boto3
import requests

from mdap.adapters.aws.s3 import S3BlobStore
from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.blob_urls import BlobUrlSigner, handle_blob_request
from mdap.adapters.local.blobstore import LocalBlobStore
from mdap.adapters.local.events import LocalObjectEvents
from mdap.ports.blobstore import BlobStore, ObjectEvents
from tests.integration.contracts.conftest import REGION
from tests.live import LiveServer

BUCKET = "mdap-test-raw"
HttpCall = Callable[[str, str, bytes, dict[str, str]], tuple[int, bytes]]


@dataclass
class BlobHarness:
    store: BlobStore
    http: HttpCall  # (method, url, body, headers) -> (status, body)
    events: ObjectEvents
    clock: ControllableClock | None = None
    stores: dict[str, LocalBlobStore] | None = None
    signer: BlobUrlSigner | None = None


def local_harness(tmp_path: Path) -> BlobHarness:
    clock = ControllableClock()
    signer = BlobUrlSigner(b"s" * 32, clock)
    events = LocalObjectEvents(tmp_path / "events.sqlite3", clock, visibility_seconds=30)
    store = LocalBlobStore(tmp_path / "blobs" / "raw", "raw", signer, "http://127.0.0.1:8000", events,
                           clock=clock)
    stores = {"raw": store}

    def http(method: str, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        parts = urlsplit(url)  # the path decoded once, as the local HTTP server hands it on
        status, _, payload = handle_blob_request(stores, signer, method, unquote(parts.path), parts.query, body,
                                                 clock.now(), headers)
        return status, payload

    return BlobHarness(store, http, events, clock, stores, signer)


def live_harness(server: LiveServer, zone: str = "raw") -> BlobHarness:
    """The local store of a running platform: its signed URLs go through the real HTTP server."""
    container = server.platform.container
    return BlobHarness(container.blobs[zone], _requests_http, container.object_events)


def _requests_http(method: str, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    response = requests.request(method, url, data=body, headers=headers, timeout=10)
    return response.status_code, response.content


def aws_harness(queue_visibility: int = 1) -> BlobHarness:
    from mdap.adapters.aws.object_events import SqsObjectEvents

    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    queue_url = _eventbridge_to_sqs(BUCKET)
    events = SqsObjectEvents(boto3.client("sqs", region_name=REGION), queue_url, {BUCKET: "raw"},
                             visibility_seconds=queue_visibility)
    return BlobHarness(S3BlobStore(s3, BUCKET, "raw"), _requests_http, events)


def _eventbridge_to_sqs(bucket: str) -> str:
    """The production wiring: bucket -> EventBridge default bus -> rule 'Object Created' -> SQS."""
    sqs = boto3.client("sqs", region_name=REGION)
    queue_url: str = sqs.create_queue(QueueName="mdap-object-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    boto3.client("s3", region_name=REGION).put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}})
    events = boto3.client("events", region_name=REGION)
    events.put_rule(Name="mdap-object-created",
                    EventPattern='{"source": ["aws.s3"], "detail-type": ["Object Created"]}')
    events.put_targets(Rule="mdap-object-created", Targets=[{"Id": "queue", "Arn": arn}])
    return queue_url


def harnesses(kind: str, tmp_path: Path) -> Iterator[BlobHarness]:
    yield local_harness(tmp_path) if kind == "local" else aws_harness()
