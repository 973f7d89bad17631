"""Signed blob URLs for the local profile: what S3 presigned URLs are for the AWS profile.

``{base_url}/_blobs/{zone}/{key}?expires=<epoch>&sig=<hmac>[&ct=<content type>]``. The HTTP method,
zone, key, expiry and content type are all inside the HMAC, so a download link cannot be used to
upload and a link cannot be stretched to another key or a later time. ``handle_blob_request`` is
framework-free; the local HTTP server mounts it under ``/_blobs/`` and passes it the request path
already percent-decoded (exactly once, as the WSGI server does): decoding it again would turn the key
``a%41b.txt`` into ``aAb.txt`` and break its signature.

Objects are served from the platform's own origin, so a download must never run as a page there:
GET/HEAD answer as an attachment inside a CSP sandbox with nosniff, and an upload link that was not
signed for a content type stores the client's type only when it is not active content.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, urlencode

from mdap.adapters.clock import SystemClock
from mdap.ports.clock import Clock
from mdap.ports.errors import InvalidRequest, NotFound

if TYPE_CHECKING:
    from mdap.adapters.local.blobstore import LocalBlobStore

PREFIX = "/_blobs/"
MAX_EXPIRY = 7 * 24 * 3600  # the same limit as S3 presigned URLs
Response = tuple[int, dict[str, str], bytes]
DOWNLOAD_HEADERS = {"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"}
# Types a browser renders as a document or runs as script; +xml and */xml are refused by suffix.
_ACTIVE_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml", "text/javascript",
                           "application/javascript", "application/ecmascript", "text/ecmascript",
                           "text/xsl", "application/x-shockwave-flash", "multipart/x-mixed-replace",
                           "text/cache-manifest", "application/wasm"})


class BlobUrlSigner:
    def __init__(self, secret: bytes, clock: Clock | None = None) -> None:
        if len(secret) < 32:
            raise ValueError("the blob URL signing secret must be at least 32 bytes")
        self._secret = secret
        self.clock = clock or SystemClock()

    def url(self, base_url: str, method: str, zone: str, key: str, expires_in: int, content_type: str = "") -> str:
        if not 1 <= expires_in <= MAX_EXPIRY:
            raise InvalidRequest(f"expires_in must be 1 second to 7 days, got {expires_in}")
        expires = int(self.clock.now().timestamp()) + expires_in
        params = {"expires": str(expires), "sig": self.signature(method, zone, key, expires, content_type)}
        if content_type:
            params["ct"] = content_type
        return f"{base_url.rstrip('/')}{PREFIX}{quote(zone)}/{quote(key)}?{urlencode(params)}"

    def signature(self, method: str, zone: str, key: str, expires: int, content_type: str = "") -> str:
        message = "\n".join((method.upper(), zone, key, str(expires), content_type)).encode("utf-8")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def check(self, method: str, zone: str, key: str, query: Mapping[str, str], now: datetime) -> str | None:
        """None when the link is good for this request, else the reason it is refused."""
        if "expires" not in query or "sig" not in query:
            return "the link is not signed (expires and sig are required)"
        if not query["expires"].isdigit():
            return "the link's expiry is malformed"
        expected = self.signature(method, zone, key, int(query["expires"]), query.get("ct", ""))
        if not hmac.compare_digest(expected, query["sig"]):
            return "the link's signature does not match (altered, or signed for another method or key)"
        if now.timestamp() > int(query["expires"]):
            return "the link has expired; ask for a new one"
        return None


def handle_blob_request(
    stores: Mapping[str, LocalBlobStore],
    signer: BlobUrlSigner,
    method: str,
    path: str,
    query: str,
    body: bytes,
    now: datetime,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Serve one GET, HEAD or PUT of a signed blob URL; returns (status, headers, body).

    ``path`` is the decoded request path (``/_blobs/raw/한글/a%41b.txt`` names the key ``한글/a%41b.txt``).
    """
    zone, _, key = path.removeprefix(PREFIX).partition("/") if path.startswith(PREFIX) else ("", "", "")
    if zone not in stores or not key:
        return _text(404, f"no such blob location: {path}")
    method = method.upper()
    if method not in ("GET", "HEAD", "PUT"):
        return _text(405, f"method {method} is not allowed on blob links (GET, HEAD, PUT)")
    params = {name: values[0] for name, values in parse_qs(query).items()}
    refusal = signer.check("GET" if method == "HEAD" else method, zone, key, params, now)
    if refusal:
        return _text(403, refusal)
    try:
        if method == "PUT":
            return _put(stores[zone], key, body, params.get("ct", ""), headers or {})
        return _get(stores[zone], key, with_body=method == "GET")
    except NotFound:
        return _text(404, f"no object {key!r} in zone {zone!r}")
    except InvalidRequest as exc:
        return _text(400, str(exc))


def _put(store: LocalBlobStore, key: str, body: bytes, signed_type: str, headers: Mapping[str, str]) -> Response:
    sent_type = next((value for name, value in headers.items() if name.lower() == "content-type"), "")
    if signed_type and sent_type and sent_type != signed_type:
        return _text(403, f"the link was signed for Content-Type {signed_type!r}, not {sent_type!r}")
    info = store.put(key, body, content_type=signed_type or harmless_type(sent_type))
    return 200, {"ETag": f'"{info.sha256}"', "Content-Length": "0"}, b""


def _get(store: LocalBlobStore, key: str, *, with_body: bool) -> Response:
    info = store.head(key)
    data = store.get(key) if with_body else b""
    headers = {"Content-Type": info.content_type, "Content-Length": str(info.size), "ETag": f'"{info.sha256}"',
               **DOWNLOAD_HEADERS, "Content-Disposition": attachment(key)}
    return 200, headers, data


def harmless_type(sent_type: str) -> str:
    """The client's Content-Type unless a browser would run it as a page or script on our origin."""
    media = sent_type.split(";", 1)[0].strip().lower()
    active = (media in _ACTIVE_TYPES or media.endswith(("+xml", "/xml"))
              or "script" in media or "/" not in media)
    return "application/octet-stream" if active else sent_type.strip()


def attachment(key: str) -> str:
    """RFC 6266 Content-Disposition naming the key's last segment in UTF-8 (RFC 8187 encoding)."""
    return "attachment; filename*=UTF-8''" + quote(key.rsplit("/", 1)[-1], safe="!#$&+^`|")


def _text(status: int, message: str) -> Response:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, message.encode("utf-8")
