"""Notifier port: e-mail to applicants and staff (Amazon SES | a local outbox that is only listed, never mailed).

Both adapters keep a record of every message they sent in the Table, so ``sent`` lists the same way in both
profiles. The rules a message must follow live here, once; every adapter checks them before sending.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mdap.ports.errors import InvalidRequest, PortError

MAX_SUBJECT_CHARS = 200
MAX_BODY_CHARS = 20_000  # a notice is a short letter; the sent record stays far below a table item's size
# A message is recorded with one index entry per recipient in a single Table transaction (at most 25 writes).
MAX_RECIPIENTS = 20
MAX_LISTING = 100
# Plain ASCII addresses as SES accepts them (no display names, no Unicode local parts); domains need a dot.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})+")
_KIND = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*")


@dataclass(frozen=True)
class Message:
    to: tuple[str, ...]
    subject: str
    body: str  # plain text
    kind: str  # what it is about, e.g. "application.selected", "approval.waiting"
    refs: Mapping[str, str] = field(default_factory=dict)  # e.g. {"call": id, "application": id}


@dataclass(frozen=True)
class Sent:
    message_id: str  # the mail service's id (SES MessageId; the outbox's own id locally)
    sent_at: datetime
    message: Message


class Undeliverable(PortError):
    """The mail service refused the message (sender not verified, SES sandbox, sending paused, outbox not
    writable). Nothing was sent or recorded; the same message can be sent again once the cause is fixed.
    Unlike InvalidRequest, the message itself is fine: the platform's mail set-up is what needs changing."""


class Notifier(ABC):
    @abstractmethod
    def send(self, message: Message) -> Sent:
        """Send and record ``message``. InvalidRequest if it breaks a rule below, Undeliverable if refused."""

    @abstractmethod
    def sent(
        self, *, recipient: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> tuple[list[Sent], str | None]:
        """Recorded messages, newest first, optionally only those to ``recipient`` (case-insensitive).

        Returns a page and the cursor of the next page (None after the last).
        """


def is_email_address(value: str) -> bool:
    """A plausible e-mail address: ASCII ``local@domain.tld``, at most 254 characters."""
    if not isinstance(value, str) or len(value) > 254 or not _ADDRESS.fullmatch(value):
        return False
    return len(value.partition("@")[0]) <= 64


def validate_address(value: str) -> str:
    if not is_email_address(value):
        raise InvalidRequest(f"not an e-mail address: {value!r}")
    return value


def validate_message(message: Message) -> Message:
    """Return ``message`` if every adapter can send and record it, else raise InvalidRequest saying why."""
    _validate_recipients(message.to)
    _validate_subject(message.subject)
    if not isinstance(message.body, str) or not message.body.strip():
        raise InvalidRequest("the message body is empty")
    if len(message.body) > MAX_BODY_CHARS:
        raise InvalidRequest(f"the message body is longer than {MAX_BODY_CHARS} characters")
    if not isinstance(message.kind, str) or len(message.kind) > 64 or not _KIND.fullmatch(message.kind):
        raise InvalidRequest(f"kind must be dotted lower-case words like 'application.selected': {message.kind!r}")
    for name, value in message.refs.items():
        if not isinstance(name, str) or not isinstance(value, str) or not name or _has_control(name + value):
            raise InvalidRequest("refs must map non-empty names to one-line strings")
    return message


def validate_listing(recipient: str | None, limit: int) -> None:
    if recipient is not None:
        validate_address(recipient)
    if not 1 <= limit <= MAX_LISTING:
        raise InvalidRequest(f"limit must be 1 to {MAX_LISTING}, got {limit}")


def _validate_recipients(to: tuple[str, ...]) -> None:
    if isinstance(to, str):
        raise InvalidRequest("'to' must be a tuple of addresses, not one string")
    if not to:
        raise InvalidRequest("a message needs at least one recipient")
    if len(to) > MAX_RECIPIENTS:
        raise InvalidRequest(f"a message has at most {MAX_RECIPIENTS} recipients, got {len(to)}")
    for address in to:
        validate_address(address)
    if len({address.lower() for address in to}) != len(to):
        raise InvalidRequest("a recipient is listed twice")


def _validate_subject(subject: str) -> None:
    if not isinstance(subject, str) or not subject.strip():
        raise InvalidRequest("the subject is empty")
    if len(subject) > MAX_SUBJECT_CHARS:
        raise InvalidRequest(f"the subject is longer than {MAX_SUBJECT_CHARS} characters")
    if _has_control(subject):
        raise InvalidRequest("the subject must be one line, without control characters")


def _has_control(text: str) -> bool:
    """Line breaks of any kind and other control characters: they would split a mail header."""
    return any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text)
