"""One contract for ObjectEvents: the local SQLite outbox and SQS fed by S3 -> EventBridge (on moto).

The AWS side uses the production path: the bucket sends "Object Created" to EventBridge, a rule
targets the SQS queue, and the adapter parses the EventBridge envelope.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import boto3
import pytest

from mdap.adapters.aws.object_events import SqsObjectEvents
from tests.integration.contracts.blob_harness import BlobHarness, aws_harness, local_harness
from tests.integration.contracts.conftest import REGION

KEY = "raw/site=한빛정밀/source=modbus/date=2025-03-01/hour=09/b-1.parquet"


@pytest.fixture(params=["local", "sqs"])
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[BlobHarness, Callable[[], None]]]:
    if request.param == "local":
        harness = local_harness(tmp_path)
        clock = harness.clock
        assert clock is not None

        def expire() -> None:
            clock.advance(timedelta(seconds=31))  # past the 30 s visibility timeout

        yield harness, expire
        return
    request.getfixturevalue("aws")
    yield aws_harness(queue_visibility=1), lambda: time.sleep(1.5)  # SQS hides for 1 s here


def test_no_events_when_nothing_was_written(setup: tuple[BlobHarness, Callable[[], None]]) -> None:
    harness, _ = setup
    assert harness.events.receive() == []


def test_a_written_object_produces_one_event_naming_zone_key_and_size(
        setup: tuple[BlobHarness, Callable[[], None]]) -> None:
    harness, _ = setup
    harness.store.put(KEY, b"12345678")
    [received] = harness.events.receive(max_events=10)
    assert (received.event.zone, received.event.key, received.event.size) == ("raw", KEY, 8)
    assert received.event.at.tzinfo is not None and received.receipt


def test_a_received_event_is_hidden_then_delivered_again_unless_acknowledged(
        setup: tuple[BlobHarness, Callable[[], None]]) -> None:
    harness, expire_visibility = setup
    harness.store.put("a.bin", b"1")
    [first] = harness.events.receive()
    assert first.event.key == "a.bin"
    assert harness.events.receive() == []
    expire_visibility()
    [again] = harness.events.receive()
    assert again.event.key == "a.bin"
    harness.events.ack(again.receipt)
    expire_visibility()
    assert harness.events.receive() == []


def test_receive_returns_at_most_max_events(setup: tuple[BlobHarness, Callable[[], None]]) -> None:
    harness, _ = setup
    for n in range(3):
        harness.store.put(f"k/{n}.bin", b"x")
    first = harness.events.receive(max_events=2)
    rest = harness.events.receive(max_events=10)
    assert len(first) <= 2 and len(first) + len(rest) == 3
    assert sorted(r.event.key for r in first + rest) == ["k/0.bin", "k/1.bin", "k/2.bin"]


def test_the_s3_notification_shape_is_understood_too(aws: None) -> None:
    """Buckets wired straight to SQS send URL-encoded keys in Records[].s3; both shapes map the same."""
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName="direct")["QueueUrl"]
    body = {"Records": [{"eventName": "ObjectCreated:Put", "eventTime": "2025-03-01T09:00:00.000Z",
                         "s3": {"bucket": {"name": "mdap-raw"},
                                "object": {"key": "raw/site%3D%ED%95%9C/a+b.bin", "size": 3}}}]}
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps(body))
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"Event": "s3:TestEvent"}))
    events = SqsObjectEvents(sqs, queue, {"mdap-raw": "raw"})
    received = events.receive(max_events=10) + events.receive(max_events=10)
    assert [(r.event.zone, r.event.key, r.event.size) for r in received] == [("raw", "raw/site=한/a b.bin", 3)]


def test_a_multi_record_notification_is_deleted_only_when_every_record_is_acknowledged(aws: None) -> None:
    """Records of one SQS message share its ReceiptHandle; acking one record must not drop the others."""
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName="multi")["QueueUrl"]
    records = [{"eventName": "ObjectCreated:Put", "eventTime": "2025-03-01T09:00:00.000Z",
                "s3": {"bucket": {"name": "mdap-raw"}, "object": {"key": f"k/{n}.bin", "size": n}}} for n in (1, 2)]
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"Records": records}))
    events = SqsObjectEvents(sqs, queue, {"mdap-raw": "raw"}, visibility_seconds=1)
    first, second = events.receive()
    assert first.receipt != second.receipt
    events.ack(first.receipt)
    time.sleep(1.5)
    again = events.receive()
    assert [r.event.key for r in again] == ["k/1.bin", "k/2.bin"]  # the message is still there: at least once
    for item in again:
        events.ack(item.receipt)
    time.sleep(1.5)
    assert events.receive() == []


def test_a_single_record_message_is_acknowledged_with_its_own_receipt_handle(aws: None) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName="single")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"Records": [
        {"eventName": "ObjectCreated:Put", "eventTime": "2025-03-01T09:00:00Z",
         "s3": {"bucket": {"name": "b"}, "object": {"key": "one.bin", "size": 1}}}]}))
    events = SqsObjectEvents(sqs, queue, visibility_seconds=1)
    [only] = events.receive()
    SqsObjectEvents(sqs, queue).ack(only.receipt)  # another instance (another Lambda) can ack it
    time.sleep(1.5)
    assert events.receive() == []
