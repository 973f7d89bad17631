"""Signed blob URLs through a real HTTP server: the local platform on a free port, and S3 (moto).

The path of a signed URL is percent-encoded by the signer, decoded once by the server and then
checked against the signature, so keys with '%', '+', spaces or Hangul must survive the round trip.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.integration.contracts.blob_harness import BlobHarness, aws_harness, live_harness
from tests.live import LiveServer

KEYS = ["한글/파일 1.txt", "a%41b.txt", "x+y.txt", "sp ace/100%/끝.csv", "q?x=1#frag.bin"]


@pytest.fixture(params=["local-http", "s3"])
def blobs(request: pytest.FixtureRequest) -> Iterator[BlobHarness]:
    if request.param == "local-http":
        server: LiveServer = request.getfixturevalue("server")
        yield live_harness(server)
        return
    request.getfixturevalue("aws")
    yield aws_harness()


@pytest.mark.parametrize("key", KEYS)
def test_upload_url_round_trips_keys_with_percent_plus_space_and_hangul(blobs: BlobHarness, key: str) -> None:
    body = f"bytes of {key}".encode()
    status, _ = blobs.http("PUT", blobs.store.upload_url(key, content_type="text/csv"), body,
                           {"Content-Type": "text/csv"})
    assert status == 200
    assert blobs.store.get(key) == body
    assert blobs.store.head(key).content_type == "text/csv"


@pytest.mark.parametrize("key", KEYS)
def test_download_url_round_trips_keys_with_percent_plus_space_and_hangul(blobs: BlobHarness, key: str) -> None:
    blobs.store.put(key, key.encode())
    status, body = blobs.http("GET", blobs.store.download_url(key), b"", {})
    assert (status, body) == (200, key.encode())


def test_a_link_for_one_key_does_not_open_its_decoded_twin(server: LiveServer) -> None:
    """'a%41b.txt' and 'aAb.txt' are different keys: a link to one must never serve the other."""
    store = server.platform.container.blobs["raw"]
    store.put("aAb.txt", b"twin")
    store.put("a%41b.txt", b"literal")
    response = requests.get(store.download_url("a%41b.txt"), timeout=10)
    assert (response.status_code, response.content) == (200, b"literal")


def test_upload_without_a_signed_type_stores_a_harmless_client_type(server: LiveServer) -> None:
    store = server.platform.container.blobs["raw"]
    for sent, stored in (("text/html", "application/octet-stream"), ("image/svg+xml", "application/octet-stream"),
                         ("Text/HTML; charset=utf-8", "application/octet-stream"),
                         ("application/xhtml+xml", "application/octet-stream"),
                         ("text/javascript", "application/octet-stream"), ("text/csv", "text/csv"),
                         ("application/pdf", "application/pdf")):
        key = f"ct/{hashlib.sha256(sent.encode()).hexdigest()[:8]}.bin"
        response = requests.put(store.upload_url(key), data=b"<script>", headers={"Content-Type": sent}, timeout=10)
        assert response.status_code == 200, sent
        assert store.head(key).content_type == stored, sent


def test_a_signed_content_type_is_kept_even_when_active(server: LiveServer) -> None:
    """A type the server itself signed is the service's own choice; serving it is still sandboxed."""
    store = server.platform.container.blobs["raw"]
    url = store.upload_url("report/plan.html", content_type="text/html")
    response = requests.put(url, data=b"<h1>plan</h1>", headers={"Content-Type": "text/html"}, timeout=10)
    assert response.status_code == 200
    assert store.head("report/plan.html").content_type == "text/html"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_downloads_are_attachments_in_a_sandbox(server: LiveServer, method: str) -> None:
    store = server.platform.container.blobs["raw"]
    store.put("docs/보고서 1.html", b"<script>alert(1)</script>", content_type="text/html")
    response = requests.request(method, store.download_url("docs/보고서 1.html"), timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C%201.html")
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.content == (b"<script>alert(1)</script>" if method == "GET" else b"")


def test_s3_objects_uploaded_by_url_report_an_unknown_digest_without_being_downloaded(
        aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    blobs = aws_harness()
    assert blobs.http("PUT", blobs.store.upload_url("big/by-url.bin"), b"x" * 1000, {})[0] == 200
    blobs.store.put("big/by-put.bin", b"y")

    def no_download(key: str) -> bytes:
        raise AssertionError(f"head/list downloaded {key}")

    monkeypatch.setattr(blobs.store, "get", no_download)
    monkeypatch.setattr(blobs.store, "_call", _no_get_object(blobs.store._call))  # type: ignore[attr-defined]
    assert blobs.store.head("big/by-url.bin").sha256 == ""
    digests = {info.key: info.sha256 for info in blobs.store.list("big/")}
    assert digests == {"big/by-url.bin": "", "big/by-put.bin": hashlib.sha256(b"y").hexdigest()}


def _no_get_object(call: Any) -> Any:
    def guarded(operation: str, **request: Any) -> Any:
        assert operation != "get_object", "head/list must not download objects"
        return call(operation, **request)
    return guarded


def test_local_objects_uploaded_by_url_report_their_digest(server: LiveServer) -> None:
    store = server.platform.container.blobs["raw"]
    assert requests.put(store.upload_url("by-url/d.bin"), data=b"z" * 10, timeout=10).status_code == 200
    assert store.head("by-url/d.bin").sha256 == hashlib.sha256(b"z" * 10).hexdigest()
