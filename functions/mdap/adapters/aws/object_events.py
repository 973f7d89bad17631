"""Object-created events from SQS, fed by S3 -> EventBridge ("Object Created") -> SQS.

The classic S3-notification-to-SQS shape (``Records[].s3``) is accepted as well. Messages that are
neither (S3's test event) are deleted; unreadable ones are left for the queue's dead-letter policy.

Receipts: an event alone in its message carries the message's ReceiptHandle, so any instance can
ack it. The records of a multi-record notification share one ReceiptHandle, so each gets a receipt
of its own, tracked in this instance's memory: the message is deleted when the last of its records
is acked. If the instance is gone before that, the message comes back after the visibility timeout
with all its records (at least once); such receipts are acked by the instance that received them
(anywhere else, or twice, an ack of one is a logged no-op).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from mdap.ports.blobstore import ObjectCreated, ObjectEvents, ReceivedEvent

_log = logging.getLogger(__name__)
_PART = "mdap-part:"  # never the start of an SQS ReceiptHandle (base64 has no ':')
_MAX_OPEN_MESSAGES = 10_000  # multi-record messages tracked at once; the oldest are forgotten (re-delivered)


class SqsObjectEvents(ObjectEvents):
    def __init__(self, client: Any, queue_url: str, zones_by_bucket: Mapping[str, str] | None = None, *,
                 visibility_seconds: int = 30) -> None:
        self._sqs = client
        self._queue = queue_url
        self._zones = dict(zones_by_bucket or {})  # bucket -> zone; an unmapped bucket is its own zone
        self._visibility = visibility_seconds
        self._open: OrderedDict[str, set[str]] = OrderedDict()  # ReceiptHandle -> its records' receipts not acked
        self._lock = threading.Lock()

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
                continue
            receipts = self._receipts(message["ReceiptHandle"], len(events))
            received.extend(ReceivedEvent(event, receipt) for event, receipt in zip(events, receipts, strict=True))
        return received

    def ack(self, receipt: str) -> None:
        if receipt.startswith(_PART):
            handle = self._ack_part(receipt)
            if handle is None:
                return
            receipt = handle
        self._sqs.delete_message(QueueUrl=self._queue, ReceiptHandle=receipt)

    def _receipts(self, handle: str, count: int) -> list[str]:
        if count == 1:
            return [handle]
        parts = [f"{_PART}{secrets.token_hex(12)}:{handle}" for _ in range(count)]
        with self._lock:
            self._open[handle] = set(parts)
            while len(self._open) > _MAX_OPEN_MESSAGES:
                self._open.popitem(last=False)
        return parts

    def _ack_part(self, receipt: str) -> str | None:
        """The message's ReceiptHandle once this was its last record not acked, else None."""
        handle = receipt.removeprefix(_PART).partition(":")[2]
        with self._lock:
            open_parts = self._open.get(handle)
            if open_parts is None or receipt not in open_parts:
                # Acked already, or forgotten: harmless, the message at worst comes back (at least once).
                _log.warning("receipt of a multi-record message not open in this instance; nothing deleted")
                return None
            open_parts.discard(receipt)
            if open_parts:
                return None
            del self._open[handle]
        return handle

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
