"""Notifier on Amazon SES (v2 SendEmail, Simple content in UTF-8), with the sent record in the Table.

SES cannot list what it sent, so each message is recorded (``SentLog``) once SES accepted it. A refusal
(unverified sender, sandbox, sending paused) is Undeliverable and leaves no record. If recording fails after
SES accepted the message, the error propagates although the mail went out: the caller must not assume it
was not sent. Throttling and permission errors are not mapped: they are the platform's, not the caller's.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from mdap.adapters.sent_log import SentLog
from mdap.ports.clock import Clock
from mdap.ports.errors import InvalidRequest
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

_REFUSED = {"MessageRejected", "MailFromDomainNotVerifiedException", "AccountSuspendedException",
            "SendingPausedException", "LimitExceededException", "NotFoundException"}  # fmt: skip
_MALFORMED = {"BadRequestException", "InvalidParameterValue"}


class SesNotifier(Notifier):
    def __init__(self, client: Any, table: Table, sender: str, configuration_set: str | None, clock: Clock) -> None:
        self._ses = client
        self._log = SentLog(table)
        self._sender = validate_address(sender)
        self._configuration_set = configuration_set or None
        self._clock = clock

    def send(self, message: Message) -> Sent:
        validate_message(message)
        try:
            reply = self._ses.send_email(**self._request(message))
        except ClientError as exc:
            raise _port_error(exc) from None
        sent = Sent(str(reply["MessageId"]), self._clock.now(), message)
        self._log.record(sent)
        return sent

    def sent(
        self, *, recipient: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> tuple[list[Sent], str | None]:
        validate_listing(recipient, limit)
        return self._log.listing(recipient, limit, cursor)

    def _request(self, message: Message) -> dict[str, Any]:
        request: dict[str, Any] = {
            "FromEmailAddress": self._sender,
            "Destination": {"ToAddresses": list(message.to)},
            "Content": {"Simple": {
                "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
            }},
            # SES tag values allow letters, digits, '_' and '-' only: "application.selected" -> "application-selected"
            "EmailTags": [{"Name": "kind", "Value": message.kind.replace(".", "-")}],
        }  # fmt: skip
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        return request


def _port_error(exc: ClientError) -> Exception:
    error = exc.response.get("Error", {})
    code, text = error.get("Code", ""), error.get("Message", str(exc))
    if code in _REFUSED:
        return Undeliverable(f"SES refused the message ({code}): {text}")
    if code in _MALFORMED:
        return InvalidRequest(f"SES rejected the message as malformed: {text}")
    unmapped: Exception = exc  # throttling, permissions, outages: not the caller's to handle
    return unmapped
