"""Object-created events from SQS, fed by S3 -> EventBridge ("Object Created") -> SQS.

The classic S3-notification-to-SQS shape (``Records[].s3``) is accepted as well. Messages that are
neither (S3's test event) are deleted; unreadable ones are left for the queue's dead-letter policy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from mdap.ports.blobstore import ObjectCreated, ObjectEvents, ReceivedEvent

_log = logging.getLogger(__name__)


class SqsObjectEvents(ObjectEvents):
    def __init__(self, client: Any, queue_url: str, zones_by_bucket: Mapping[str, str] | None = None, *,
                 visibility_seconds: int = 30) -> None:
        self._sqs = client
        self._queue = queue_url
        self._zones = dict(zones_by_bucket or {})  # bucket -> zone; an unmapped bucket is its own zone
        self._visibility = visibility_seconds

    def receive(self, *, max_events: int = 10, wait_seconds: float = 0) -> list[ReceivedEvent]:
        reply = self._sqs.receive_message(
            QueueUrl=self._queue, MaxNumberOfMessages=max(1, min(max_events, 10)),
            WaitTimeSeconds=int(min(max(wait_seconds, 0), 20)), VisibilityTimeout=self._visibility,
        )
        received: list[ReceivedEvent] = []
        for message in reply.get("Messages", []):
            events = self._parse(message["Body"])
            if events is None:
                continue
            if not events:  # nothing to deliver in it: done with it
                self.ack(message["ReceiptHandle"])
            received.extend(ReceivedEvent(event, message["ReceiptHandle"]) for event in events)
        return received

    def ack(self, receipt: str) -> None:
        self._sqs.delete_message(QueueUrl=self._queue, ReceiptHandle=receipt)

    def _parse(self, body: str) -> list[ObjectCreated] | None:
        try:
            message = json.loads(body)
            if message.get("detail-type") == "Object Created":
                return [self._from_eventbridge(message)]
            if "Records" in message:
                return [self._from_notification(record) for record in message["Records"]
                        if str(record.get("eventName", "")).startswith("ObjectCreated:")]
            if message.get("Event") == "s3:TestEvent":
                return []
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
        _log.warning("object-events message not understood; leaving it to the dead-letter queue: %.200s", body)
        return None

    def _from_eventbridge(self, message: Mapping[str, Any]) -> ObjectCreated:
        detail = message["detail"]
        # EventBridge carries the key as written; the S3-notification shape below URL-encodes it.
        return ObjectCreated(self._zone(detail["bucket"]["name"]), detail["object"]["key"],
                             int(detail["object"].get("size", 0)), _time(message["time"]))

    def _from_notification(self, record: Mapping[str, Any]) -> ObjectCreated:
        s3 = record["s3"]
        return ObjectCreated(self._zone(s3["bucket"]["name"]), unquote_plus(s3["object"]["key"]),
                             int(s3["object"].get("size", 0)), _time(record["eventTime"]))

    def _zone(self, bucket: str) -> str:
        return self._zones.get(bucket, bucket)


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
