"""One WSGI application for the local profile: API, health, signed blob URLs and the static frontend."""

from __future__ import annotations

import json
import mimetypes
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from mdap.api.limits import site_body_limit
from mdap.api.refusals import refusal_bytes
from mdap.localserver.access_log import AccessLog
from mdap.localserver.gateway import VerifyingGateway

BlobHandler = Callable[[str, str, str, bytes, dict[str, str]], tuple[int, dict[str, str], bytes]]
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "font-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
}
_STATUS = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}
_JSON = {"Content-Type": "application/json"}


class LocalApp:
    def __init__(self, gateway: VerifyingGateway, frontend_dir: Path | None, blob_handler: BlobHandler,
                 client_config: dict[str, Any]) -> None:
        self._gateway = gateway
        self._frontend = frontend_dir.resolve() if frontend_dir else None
        self._blobs = blob_handler
        self._config = json.dumps(client_config).encode()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        method = environ["REQUEST_METHOD"].upper()
        path = _request_path(environ)
        if path is None:
            return self._refuse(start_response, "bad_request", "the URL path is not valid UTF-8 text")
        query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > site_body_limit(path):  # the HTTP parser refuses most of these before reading them
            return self._refuse(start_response, "too_large", f"this path takes at most {site_body_limit(path)} bytes")
        body = environ["wsgi.input"].read(length) if length else b""
        peer = str(environ.get("REMOTE_ADDR") or "")
        status, headers, payload = self._route(method, path, query, _headers(environ), body, peer)
        if path.startswith(("/api/", "/health", "/_blobs/")):
            AccessLog.request(method, path, status, started, peer)
        if method == "HEAD":  # the length a GET would have sent, with no body
            headers = {**headers, "Content-Length": headers.get("Content-Length") or str(len(payload))}
            payload = b""
        return self._reply(start_response, status, headers, payload)

    def _route(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes, peer: str
               ) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/api/") or path == "/health":
            api_path = path[4:] if path.startswith("/api/") else path
            return self._gateway.call(method, api_path, query, headers, body, peer)
        if path.startswith("/_blobs/"):
            return self._blobs(method, path, query, body, headers)
        if path == "/config.json":
            return 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}, self._config
        if method not in ("GET", "HEAD"):
            status, payload = refusal_bytes("method_not_allowed", "the site is read-only")
            return status, {**_JSON, "Allow": "GET, HEAD"}, payload
        return self._static(path)

    def _static(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if self._frontend is None or not (self._frontend / "index.html").exists():
            return 503, {"Content-Type": "text/plain; charset=utf-8"}, (
                "The frontend is not built: run `make install` (or `make run`).\n"
                "프런트엔드가 빌드되지 않았습니다: `make run`을 실행하세요.\n").encode()
        target = (self._frontend / path.lstrip("/")).resolve()
        if not target.is_relative_to(self._frontend) or not target.is_file():
            target = self._frontend / "index.html"  # single-page app: the client router decides
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        cache = "no-cache" if target.name == "index.html" else "public, max-age=31536000, immutable"
        return 200, {"Content-Type": kind, "Cache-Control": cache}, target.read_bytes()

    def _refuse(self, start_response: Callable[..., Any], code: str, detail: str) -> list[bytes]:
        status, payload = refusal_bytes(code, detail)
        return self._reply(start_response, status, dict(_JSON), payload)

    @staticmethod
    def _reply(start_response: Callable[..., Any], status: int, headers: dict[str, str], body: bytes
               ) -> list[bytes]:
        merged = {**SECURITY_HEADERS, "Content-Length": str(len(body)), **headers}
        # several Set-Cookie values travel as one newline-joined value (a newline is never part of a header)
        pairs = [(name, part) for name, value in merged.items() for part in value.split("\n")]
        start_response(_STATUS.get(status, f"{status} Status"), pairs)
        return [body]


def _request_path(environ: dict[str, Any]) -> str | None:
    """PATH_INFO, percent-decoded once by the server and carried as latin-1 (PEP 3333), as real text."""
    try:
        path = str(environ.get("PATH_INFO") or "/").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    return None if "\x00" in path else path


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
               if key.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers
