"""Notifier of the local profile: nothing is mailed. Each message becomes a UTF-8 ``.eml`` file in the outbox
folder (any mail program opens it) and the same sent record in the Table as the SES adapter keeps.

The file is written first (owner-only, atomically); a folder that cannot take it is Undeliverable and nothing
is recorded. If recording then fails, the file is removed again, so the folder and the listing agree.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from mdap.adapters.local.private import private_dir, write_private
from mdap.adapters.sent_log import SentLog
from mdap.ports.clock import Clock
from mdap.ports.notifier import (
    Message,
    Notifier,
    Sent,
    Undeliverable,
    validate_address,
    validate_listing,
    validate_message,
)
from mdap.ports.table import Table


class LocalOutbox(Notifier):
    def __init__(self, directory: Path, table: Table, sender: str, clock: Clock) -> None:
        self._directory = private_dir(Path(directory))
        self._log = SentLog(table)
        self._sender = validate_address(sender)
        self._clock = clock

    def send(self, message: Message) -> Sent:
        validate_message(message)
        sent = Sent(uuid.uuid4().hex, self._clock.now(), message)
        path = self.path_of(sent)
        try:
            private_dir(self._directory)
            write_private(path, self._email(sent).as_bytes())
        except OSError as exc:
            raise Undeliverable(f"the outbox folder {self._directory} cannot take the message: {exc}") from None
        try:
            self._log.record(sent)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return sent

    def sent(
        self, *, recipient: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> tuple[list[Sent], str | None]:
        validate_listing(recipient, limit)
        return self._log.listing(recipient, limit, cursor)

    def path_of(self, sent: Sent) -> Path:
        """The message's file: named by time, so a folder listing is in the order they were sent."""
        stamp = sent.sent_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        return self._directory / f"{stamp}-{sent.message_id}.eml"

    def _email(self, sent: Sent) -> EmailMessage:
        message = sent.message
        email = EmailMessage()
        email["From"] = self._sender
        email["To"] = ", ".join(message.to)
        email["Subject"] = message.subject
        email["Date"] = format_datetime(sent.sent_at)
        email["Message-ID"] = f"<{sent.message_id}@outbox.mdap.local>"
        email["X-MDAP-Kind"] = message.kind
        if message.refs:
            email["X-MDAP-Refs"] = json.dumps(dict(message.refs), ensure_ascii=False, sort_keys=True)
        # 8bit (readable in any editor) when the lines are short enough for mail, else base64/QP
        email.set_content(message.body, charset="utf-8")
        return email
