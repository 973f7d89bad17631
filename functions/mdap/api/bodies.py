"""Request bodies read strictly: size by route class, UTF-8 only, JSON only, bounded nesting.

A refusal names the field where it can (the JSON path of a string holding bytes that are not UTF-8).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mdap.api.limits import MAX_JSON_DEPTH


class BodyRefused(Exception):
    def __init__(self, code: str, detail: str, *, message: str | None = None, field: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.message = message  # Korean, when more specific than the refusal's own
        self.field = field


def parse_json_body(raw: bytes, limit: int) -> Any:
    if len(raw) > limit:
        raise BodyRefused("too_large", f"the body has {len(raw)} bytes; this route takes at most {limit}.",
                          message=f"요청 본문이 허용된 크기({limit:,}바이트)를 넘습니다.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        field = _field_with_bad_bytes(raw)
        where = f"{field}: " if field else ""
        raise BodyRefused("bad_request", f"{where}the body is not valid UTF-8 text.", field=field,
                          message=f"{where}UTF-8로 인코딩된 텍스트가 아닙니다.") from None
    try:
        value = json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise _too_deep() from None
    except ValueError:
        raise BodyRefused("bad_request", "the body is not valid JSON.",
                          message="요청 본문이 올바른 JSON이 아닙니다.") from None
    if _may_be_deep(text) and _depth(value) > MAX_JSON_DEPTH:
        raise _too_deep()
    if "\\ud" in text.lower():  # a \uD800-\uDFFF escape may leave a lone surrogate: not storable text
        field = _field_where(value, _has_surrogate)
        if field is not None:
            raise BodyRefused("bad_request", f"{field}: the text holds an unpaired UTF-16 surrogate.", field=field,
                              message=f"{field}: 올바른 유니코드 텍스트가 아닙니다.")
    return value


def _too_deep() -> BodyRefused:
    return BodyRefused("bad_request", f"JSON nested deeper than {MAX_JSON_DEPTH} levels.",
                       message=f"JSON이 {MAX_JSON_DEPTH}단계보다 깊게 중첩되어 있습니다.")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _may_be_deep(text: str) -> bool:
    return text.count("[") + text.count("{") > MAX_JSON_DEPTH


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def _field_with_bad_bytes(raw: bytes) -> str | None:
    """JSON path of the first key or string value that holds bytes which are not UTF-8."""
    try:
        value = json.loads(raw.decode("utf-8", errors="surrogateescape"))
    except (ValueError, RecursionError):
        return None
    return _field_where(value, _has_surrogate)


def _field_where(value: Any, bad: Callable[[str], bool]) -> str | None:
    """JSON path of the first key or string value for which ``bad`` holds ("body" for the top level)."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str) and bad(node):
            return path or "body"
        if isinstance(node, dict):
            for key, child in node.items():
                if bad(key):
                    return path or "body"
                stack.append((child, f"{path}.{key}" if path else str(key)))
        elif isinstance(node, list):
            stack.extend((child, f"{path}.{index}" if path else str(index)) for index, child in enumerate(node))
    return None


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)
