"""The local server's HTTP parser with the platform's limits: a body larger than its route class allows is
refused from its Content-Length (or, chunked, as soon as it grows past the limit) before it is buffered, and
the server's own refusals (400, 413, 431, 500, 501) are JSON like every other refusal."""

from __future__ import annotations

from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from mdap.api.limits import site_body_limit
from mdap.api.refusals import refusal_bytes

_CODES = {400: "bad_request", 413: "too_large", 431: "headers_too_large", 500: "internal_error",
          501: "not_implemented"}


class LimitedParser(HTTPRequestParser):  # type: ignore[misc]
    def received(self, data: bytes) -> int:
        consumed: int = super().received(data)
        if self.headers_finished and getattr(self, "error", None) is None:
            limit = site_body_limit(self.path or "/")
            if self.content_length > limit or self.body_bytes_received > limit:
                self.error = RequestEntityTooLarge(f"this path takes at most {limit} bytes")
                self.completed = True
        return consumed


class JsonErrorTask(ErrorTask):  # type: ignore[misc]
    def execute(self) -> None:
        error: Any = self.request.error
        _, body = refusal_bytes(_CODES.get(error.code, "bad_request"), str(error.body))
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class LimitedChannel(HTTPChannel):  # type: ignore[misc]
    parser_class = LimitedParser
    error_task_class = JsonErrorTask
