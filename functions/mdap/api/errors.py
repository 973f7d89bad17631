"""The one place where refusals become HTTP responses: {code, message (Korean), message_en}."""

from __future__ import annotations

import json
from typing import Any

from chalice import Response

from mdap.domain.identity import (
    AccessError,
    Forbidden,
    InvalidCredentials,
    MfaRequired,
    TooManyAttempts,
    Unauthenticated,
)
from mdap.ports.errors import ConditionFailed, InvalidRequest, NotFound


class BadRequest(Exception):
    """The request body or parameters are malformed; the message says what to fix."""


# kind -> (status, Korean message, English message); None means "use the exception's own text".
_MAP: dict[type[Exception], tuple[int, str | None, str | None]] = {
    InvalidCredentials: (401, "이메일 또는 비밀번호가 올바르지 않습니다.", "Wrong e-mail or password."),
    Unauthenticated: (401, "로그인이 필요하거나 세션이 만료되었습니다.",
                      "Please log in; the session is missing or expired."),
    MfaRequired: (401, "추가 인증(MFA)이 필요합니다.", "Multi-factor authentication is required."),
    Forbidden: (403, "이 작업을 할 권한이 없습니다.", "You are not allowed to do this."),
    TooManyAttempts: (429, "로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요.",
                      "Too many log-in attempts; try again later."),
    NotFound: (404, "요청한 항목을 찾을 수 없습니다.", "Not found."),
    ConditionFailed: (409, "다른 사용자가 먼저 변경했습니다. 새로고침 후 다시 시도하세요.",
                      "Someone else changed it first; reload and try again."),
    BadRequest: (400, None, None),
    InvalidRequest: (400, None, None),
}


def error_response(exc: Exception) -> Response:
    for kind, (status, ko, en) in _MAP.items():
        if isinstance(exc, kind):
            body: dict[str, Any] = {"code": _code(exc), "message": ko or str(exc), "message_en": en or str(exc)}
            headers: dict[str, str | list[str]] = {"Content-Type": "application/json"}
            if isinstance(exc, TooManyAttempts):
                body["retry_after"] = exc.retry_after
                headers["Retry-After"] = str(exc.retry_after)
            return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers=headers)
    raise exc


def _code(exc: Exception) -> str:
    if isinstance(exc, AccessError):
        return exc.code
    return {BadRequest: "bad_request", InvalidRequest: "bad_request", NotFound: "not_found",
            ConditionFailed: "conflict"}.get(type(exc), "error")


HANDLED: tuple[type[Exception], ...] = tuple(_MAP)
