"""Request limits by route class: the one place that sets them, read by the API (both profiles) and by the
local server's HTTP parser, which refuses an oversized body from its Content-Length before reading it."""

from __future__ import annotations

AUTH_BODY = 8 * 1024  # log-in, refresh, log-out: a few short fields
API_BODY = 1024 * 1024  # JSON API; files go through presigned URLs, never the API
UPLOAD_BODY = 64 * 1024 * 1024  # the local profile's presigned-URL uploads (S3 in AWS)
OTHER_BODY = 8 * 1024  # the static site takes no bodies
MAX_HEADER_BYTES = 32 * 1024  # request line + headers; more is 431
MAX_JSON_DEPTH = 32


def api_body_limit(api_path: str) -> int:
    """Largest body for an API route (path without the /api stage prefix)."""
    return AUTH_BODY if api_path.startswith("/auth/") else API_BODY


def site_body_limit(path: str) -> int:
    """Largest body for any path the local server answers."""
    if path.startswith("/api/"):
        return api_body_limit(path[4:])
    if path == "/health":
        return API_BODY
    if path.startswith("/_blobs/"):
        return UPLOAD_BODY
    return OTHER_BODY
