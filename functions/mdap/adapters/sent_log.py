"""The record of sent messages that every Notifier keeps in the Table, and lists from.

Records: ``OUTBOX/<sent at>#<message id>`` holds the message; for each recipient an entry
``OUTBOX#<message id>/TO#<address>`` holds it again, indexed in gsi1 under ``OUTBOX#TO#<address>`` (lower-cased)
with the same time-ordered sort key, so "everything" and "to this person" are each one query, newest first.
A message and its entries are written in one transaction, only after the mail service accepted the message.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mdap.ports.notifier import Message, Sent
from mdap.ports.table import Put, Table

OUTBOX = "OUTBOX"


def sort_key(sent_at: datetime, message_id: str) -> str:
    """Fixed-width UTC time first, so sort-key order is time order."""
    return f"{sent_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{message_id}"


class SentLog:
    def __init__(self, table: Table) -> None:
        self._table = table

    def record(self, sent: Sent) -> None:
        key = sort_key(sent.sent_at, sent.message_id)
        data = _data(sent)
        entries = [Put(f"{OUTBOX}#{sent.message_id}", f"TO#{address}",
                       data | {"gsi1pk": _recipient_key(address), "gsi1sk": key}, expect_version=0)
                   for address in sent.message.to]  # fmt: skip
        self._table.transact([Put(OUTBOX, key, data, expect_version=0), *entries])

    def listing(self, recipient: str | None, limit: int, cursor: str | None) -> tuple[list[Sent], str | None]:
        if recipient is None:
            page = self._table.query(OUTBOX, limit=limit, cursor=cursor, descending=True)
        else:
            page = self._table.query(_recipient_key(recipient), index="gsi1", limit=limit, cursor=cursor,
                                     descending=True)  # fmt: skip
        return [_sent(item.data) for item in page.items], page.cursor


def _recipient_key(address: str) -> str:
    return f"{OUTBOX}#TO#{address.lower()}"


def _data(sent: Sent) -> dict[str, Any]:
    message = sent.message
    return {"message_id": sent.message_id, "sent_at": sent.sent_at.astimezone(UTC).isoformat(),
            "to": list(message.to), "subject": message.subject, "body": message.body, "kind": message.kind,
            "refs": dict(message.refs)}  # fmt: skip


def _sent(data: Any) -> Sent:
    message = Message(tuple(data["to"]), data["subject"], data["body"], data["kind"], dict(data["refs"]))
    return Sent(data["message_id"], datetime.fromisoformat(data["sent_at"]), message)
