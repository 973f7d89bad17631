"""The API's request guard (both profiles): body size by route class, JSON media type, strict UTF-8 and
bounded JSON, before any route runs; Chalice's own error answers rewritten into the platform's shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Response

from mdap.api.bodies import BodyRefused, parse_json_body
from mdap.api.errors import refusal_response
from mdap.api.http import checked_body
from mdap.api.limits import api_body_limit

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Chalice's own error codes -> the platform's refusal codes
_CHALICE_CODES = {"MethodNotAllowedError": "method_not_allowed", "UnsupportedMediaType": "unsupported_media_type",
                  "BadRequestError": "bad_request", "BadRequest": "bad_request",
                  "InternalServerError": "internal_error"}


def guard(event: Any, get_response: Callable[[Any], Response]) -> Response:
    checked_body.set(None)
    if event.method in _BODY_METHODS:
        refused = _check_body(event)
        if refused is not None:
            return refused
    return _reshaped(get_response(event))


def _check_body(event: Any) -> Response | None:
    raw = event.raw_body or b""
    if not raw:
        return None
    # no Content-Type reads as JSON, as Chalice and API Gateway assume
    media = (event.headers.get("content-type") or "application/json").split(";", 1)[0].strip().lower()
    if media != "application/json":
        return refusal_response("unsupported_media_type", f"got {media!r}")
    try:
        checked_body.set(parse_json_body(raw if isinstance(raw, bytes) else raw.encode(), api_body_limit(event.path)))
    except BodyRefused as refused:
        return refusal_response(refused.code, refused.detail, field=refused.field, message=refused.message)
    return None


def _reshaped(response: Response) -> Response:
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict) and "Code" in body:
        code = _CHALICE_CODES.get(str(body["Code"]), "internal_error" if response.status_code >= 500 else "bad_request")
        extra = {k: str(v) for k, v in response.headers.items() if k.lower() == "allow"}
        return refusal_response(code, str(body.get("Message", "")) if response.status_code < 500 else "",
                                headers=extra)
    return response
