"""What people are told, in Korean: the program's notifications through the Notifier (texts in notices.json).

Every notice names the objects it concerns (refs), so the outbox, the audit log and the workflow history can
be read side by side.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from mdap.observability import logger
from mdap.ports.notifier import MAX_RECIPIENTS, Message, Notifier, Undeliverable

# kind -> subject and body; {placeholders} are filled from the notice's fields and refs
TEMPLATES: dict[str, dict[str, str]] = json.loads((Path(__file__).parent / "notices.json").read_text(encoding="utf-8"))


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "-"


class Notices:
    def __init__(self, notifier: Notifier) -> None:
        self._notifier = notifier

    def send(self, kind: str, to: Iterable[str], refs: Mapping[str, str], **fields: object) -> None:
        recipients = tuple(sorted({address.strip().lower() for address in to if address}))
        if not recipients:
            return
        subject, body = TEMPLATES[kind]["subject"], TEMPLATES[kind]["body"]
        values = _Fields({**refs, **{name: str(value) for name, value in fields.items()}})
        for start in range(0, len(recipients), MAX_RECIPIENTS):
            message = Message(to=recipients[start:start + MAX_RECIPIENTS], subject=subject.format_map(values),
                              body=body.format_map(values), kind=kind, refs=dict(refs))
            try:
                self._notifier.send(message)
            except Undeliverable:  # the step it reports on stands; the mail set-up needs fixing
                logger.exception("notice not delivered", extra={"kind": kind, "refs": dict(refs)})
