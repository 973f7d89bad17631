"""The one place where refusals become HTTP responses: {code, message (Korean), message_en[, field]}."""

from __future__ import annotations

import json
from typing import Any

from chalice import Response

from mdap.api.refusals import refusal
from mdap.domain.identity import (
    AccessError,
    CsrfRejected,
    Forbidden,
    InvalidCredentials,
    MfaRequired,
    SessionReused,
    TooManyAttempts,
    Unauthenticated,
)
from mdap.domain.manual import FileRefused, ManualDataError, NotReady
from mdap.domain.monitoring.errors import IllegalAlarmTransition, MonitoringError
from mdap.domain.program.documents import UploadRefused
from mdap.domain.program.errors import (
    DeadlinePassed,
    IllegalTransition,
    PolicyInvalid,
    ProgramError,
    RubricInvalid,
    RuleViolation,
    ScoreSheetInvalid,
)
from mdap.ports.errors import ConditionFailed, InvalidRequest, NotFound
from mdap.ports.notifier import Undeliverable


class BadRequest(Exception):
    """The request body or parameters are malformed; the message says what to fix."""

    def __init__(self, message: str, *, field: str | None = None, message_ko: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message_ko = message_ko


# kind -> (status, Korean message, English message); None means "use the exception's own text".
_MAP: dict[type[Exception], tuple[int, str | None, str | None]] = {
    InvalidCredentials: (401, "이메일 또는 비밀번호가 올바르지 않습니다.", "Wrong e-mail or password."),
    SessionReused: (401, "세션이 다른 곳에서 다시 사용되어 종료되었습니다. 다시 로그인하세요.",
                    "The session was used twice and has been ended; please log in again."),
    Unauthenticated: (401, "로그인이 필요하거나 세션이 만료되었습니다.",
                      "Please log in; the session is missing or expired."),
    MfaRequired: (401, "추가 인증(MFA)이 필요합니다.", "Multi-factor authentication is required."),
    CsrfRejected: (403, "요청 위조 방지 토큰이 없거나 올바르지 않습니다. 새로고침 후 다시 시도하세요.",
                   "The anti-forgery token is missing or wrong; reload and try again."),
    Forbidden: (403, "이 작업을 할 권한이 없습니다.", "You are not allowed to do this."),
    TooManyAttempts: (429, "로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요.",
                      "Too many log-in attempts; try again later."),
    NotFound: (404, "요청한 항목을 찾을 수 없습니다.", "Not found."),
    ConditionFailed: (409, "다른 사용자가 먼저 변경했습니다. 새로고침 후 다시 시도하세요.",
                      "Someone else changed it first; reload and try again."),
    BadRequest: (400, None, None),
    InvalidRequest: (400, None, None),
    # the program's rules: the domain error carries its Korean message, field and rule
    IllegalTransition: (409, None, None),
    DeadlinePassed: (409, None, None),
    RuleViolation: (422, None, None),
    RubricInvalid: (422, None, None),
    ScoreSheetInvalid: (400, None, None),
    PolicyInvalid: (400, None, None),
    UploadRefused: (400, None, None),
    IllegalAlarmTransition: (409, None, None),
    FileRefused: (400, None, None),
    NotReady: (409, None, None),
    Undeliverable: (503, "메일을 보내지 못했습니다. 잠시 후 다시 시도하세요.", "The mail service refused the message."),
}


def error_response(exc: Exception) -> Response:
    for kind, (status, ko, en) in _MAP.items():
        if isinstance(exc, kind):
            body: dict[str, Any] = {"code": _code(exc), "message": ko or _korean(exc), "message_en": en or str(exc)}
            headers: dict[str, str | list[str]] = {"Content-Type": "application/json"}
            field = getattr(exc, "field", None)
            if field:
                body["field"] = field
            if isinstance(exc, ProgramError) and exc.rule:
                body["rule"] = exc.rule
            if isinstance(exc, TooManyAttempts):
                body["retry_after"] = exc.retry_after
                headers["Retry-After"] = str(exc.retry_after)
            return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers=headers)
    raise exc


def refusal_response(code: str, detail: str = "", *, field: str | None = None, message: str | None = None,
                     headers: dict[str, str] | None = None) -> Response:
    status, body = refusal(code, detail, field)
    if message:
        body["message"] = message
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


def _korean(exc: Exception) -> str:
    return getattr(exc, "message_ko", None) or str(exc)


def _code(exc: Exception) -> str:
    if isinstance(exc, AccessError | ProgramError | MonitoringError | ManualDataError):
        return exc.code
    if isinstance(exc, UploadRefused):
        return "upload_refused"
    for kind, code in ((BadRequest, "bad_request"), (InvalidRequest, "bad_request"), (NotFound, "not_found"),
                       (ConditionFailed, "conflict"), (Undeliverable, "unavailable")):
        if isinstance(exc, kind):
            return code
    return "error"


HANDLED: tuple[type[Exception], ...] = tuple(_MAP)
