"""One WSGI application for the local profile: API, health, signed blob URLs and the static frontend."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mdap.localserver.gateway import VerifyingGateway

BlobHandler = Callable[[str, str, str, bytes, dict[str, str]], tuple[int, dict[str, str], bytes]]
MAX_BODY = 64 * 1024 * 1024
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "font-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
}
_STATUS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 304: "Not Modified",
           400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 409: "Conflict", 413: "Payload Too Large", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


class LocalApp:
    def __init__(self, gateway: VerifyingGateway, frontend_dir: Path | None, blob_handler: BlobHandler,
                 client_config: dict[str, Any]) -> None:
        self._gateway = gateway
        self._frontend = frontend_dir.resolve() if frontend_dir else None
        self._blobs = blob_handler
        self._config = json.dumps(client_config).encode()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"].upper()
        path = _request_path(environ)
        if path is None:
            return self._reply(start_response, 400, {"Content-Type": "application/json"},
                               b'{"code":"bad_request","message":"the URL path is not valid UTF-8 text"}')
        query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY:
            return self._reply(start_response, 413, {"Content-Type": "application/json"},
                               b'{"code":"too_large","message":"request body over 64 MiB"}')
        body = environ["wsgi.input"].read(length) if length else b""
        status, headers, payload = self._route(method, path, query, _headers(environ), body)
        if method == "HEAD":  # the length a GET would have sent, with no body
            headers = {**headers, "Content-Length": headers.get("Content-Length") or str(len(payload))}
            payload = b""
        return self._reply(start_response, status, headers, payload)

    def _route(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
               ) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/api/") or path == "/health":
            api_path = path[4:] if path.startswith("/api/") else path
            return self._gateway.call(method, quote(api_path) + (f"?{query}" if query else ""), headers, body)
        if path.startswith("/_blobs/"):
            return self._blobs(method, path, query, body, headers)
        if path == "/config.json":
            return 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}, self._config
        if method not in ("GET", "HEAD"):
            return 405, {"Content-Type": "text/plain"}, b"method not allowed"
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

    @staticmethod
    def _reply(start_response: Callable[..., Any], status: int, headers: dict[str, str], body: bytes
               ) -> list[bytes]:
        merged = {**SECURITY_HEADERS, "Content-Length": str(len(body)), **headers}
        start_response(f"{status} {_STATUS.get(status, 'Status')}", list(merged.items()))
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
