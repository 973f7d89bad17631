"""Refusals made before a route runs (size, media type, encoding, routing, gateway auth): one table of
code -> status and messages, used by the API's guard, the local server and API Gateway's responses (CDK)."""

from __future__ import annotations

import json

# code -> (HTTP status, Korean message, English message)
REFUSALS: dict[str, tuple[int, str, str]] = {
    "bad_request": (400, "요청 형식이 올바르지 않습니다.", "The request is malformed."),
    "unauthenticated": (401, "로그인이 필요하거나 세션이 만료되었습니다.",
                        "Please log in; the session is missing or expired."),
    "unknown_route": (403, "요청한 API 경로가 없습니다.", "There is no such API route."),
    "access_denied": (403, "이 작업을 할 권한이 없습니다.", "You are not allowed to do this."),
    "method_not_allowed": (405, "이 경로에서 허용되지 않는 요청 방식입니다.", "This method is not allowed here."),
    "too_large": (413, "요청 본문이 허용된 크기를 넘습니다.", "The request body is larger than allowed."),
    "unsupported_media_type": (415, "요청 본문은 JSON(application/json)이어야 합니다.",
                               "The request body must be JSON (application/json)."),
    "headers_too_large": (431, "요청 헤더가 너무 큽니다.", "The request headers are too large."),
    "too_many_requests": (429, "요청이 너무 많습니다. 잠시 후 다시 시도하세요.", "Too many requests; try again later."),
    "internal_error": (500, "서버 오류가 발생했습니다. 잠시 후 다시 시도하세요.",
                       "The server failed; please try again later."),
    "not_implemented": (501, "지원하지 않는 요청 방식입니다.", "This kind of request is not supported."),
    "unavailable": (503, "서비스를 잠시 사용할 수 없습니다.", "The service is temporarily unavailable."),
}


def refusal(code: str, detail: str = "", field: str | None = None) -> tuple[int, dict[str, str]]:
    """Status and JSON body of a refusal; ``detail`` (English, for the log and developers) is appended."""
    status, ko, en = REFUSALS[code]
    body = {"code": code, "message": ko, "message_en": f"{en} {detail}".strip()}
    if field:
        body["field"] = field
    return status, body


def refusal_bytes(code: str, detail: str = "") -> tuple[int, bytes]:
    status, body = refusal(code, detail)
    return status, json.dumps(body, ensure_ascii=False).encode("utf-8")
