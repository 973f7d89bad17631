"""What only the local BlobStore has to prove itself.

S3 gives atomic PUTs and verifies presigned signatures and expiry on its side; moto does neither
(its in-memory S3 is not thread-safe and accepts any signature), so these run on the local store.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mdap.adapters.local.blob_urls import handle_blob_request
from mdap.ports.errors import InvalidRequest
from tests.integration.contracts.blob_harness import BlobHarness, local_harness


@pytest.fixture
def blobs(tmp_path: Path) -> BlobHarness:
    return local_harness(tmp_path)


def test_concurrent_writers_and_readers_see_whole_objects_only(blobs: BlobHarness, tmp_path: Path) -> None:
    payloads = [bytes([n]) * (256 * 1024) for n in range(6)]
    blobs.store.put("hot/key.bin", payloads[0])
    seen: list[bytes] = []

    def write(payload: bytes) -> None:
        for _ in range(5):
            blobs.store.put("hot/key.bin", payload)

    def read() -> None:
        for _ in range(30):
            seen.append(blobs.store.get("hot/key.bin"))

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads] + [threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = blobs.store.get("hot/key.bin")
    assert final in payloads
    assert blobs.store.head("hot/key.bin").sha256 == hashlib.sha256(final).hexdigest()
    assert len(seen) == 30 and all(data in payloads for data in seen)
    leftovers = [p.name for p in (tmp_path / "blobs" / "raw" / "hot").iterdir()]
    assert leftovers == ["key.bin"]  # no temp files remain


def test_expired_link_is_refused_with_403(blobs: BlobHarness) -> None:
    blobs.store.put("a.bin", b"x")
    url = blobs.store.download_url("a.bin", expires_in=60)
    assert blobs.clock is not None
    blobs.clock.advance(timedelta(seconds=61))
    status, body = blobs.http("GET", url, b"", {})
    assert status == 403 and b"expired" in body


def test_tampered_link_is_refused_with_403(blobs: BlobHarness) -> None:
    blobs.store.put("a.bin", b"x")
    blobs.store.put("b.bin", b"secret")
    url = blobs.store.download_url("a.bin")
    for forged in (url.replace("a.bin", "b.bin"), url.replace("expires=", "expires=9"), url[:-2] + "00"):
        status, body = blobs.http("GET", forged, b"", {})
        assert status == 403, forged
        assert b"signature" in body or b"expiry" in body


def test_download_link_cannot_upload(blobs: BlobHarness) -> None:
    blobs.store.put("a.bin", b"original")
    status, _ = blobs.http("PUT", blobs.store.download_url("a.bin"), b"overwritten", {})
    assert status == 403
    assert blobs.store.get("a.bin") == b"original"


def test_upload_link_is_bound_to_its_content_type(blobs: BlobHarness) -> None:
    url = blobs.store.upload_url("doc.pdf", content_type="application/pdf")
    status, body = blobs.http("PUT", url, b"<html>", {"Content-Type": "text/html"})
    assert status == 403 and b"Content-Type" in body


def test_unsigned_unknown_or_missing_requests_get_clear_statuses(blobs: BlobHarness) -> None:
    assert blobs.stores is not None and blobs.signer is not None and blobs.clock is not None
    now = blobs.clock.now()
    assert handle_blob_request(blobs.stores, blobs.signer, "GET", "/_blobs/raw/a.bin", "", b"", now)[0] == 403
    assert handle_blob_request(blobs.stores, blobs.signer, "GET", "/_blobs/nozone/a", "", b"", now)[0] == 404
    url = urlsplit(blobs.store.download_url("never-written.bin"))
    status, _, body = handle_blob_request(blobs.stores, blobs.signer, "GET", url.path, url.query, b"", now)
    assert status == 404 and b"never-written.bin" in body
    status, _, _ = handle_blob_request(blobs.stores, blobs.signer, "DELETE", url.path, url.query, b"", now)
    assert status == 405


def test_upload_through_a_link_publishes_an_object_created_event(blobs: BlobHarness) -> None:
    url = blobs.store.upload_url("raw/x.bin")
    assert blobs.http("PUT", url, b"12345", {})[0] == 200
    [received] = blobs.events.receive()
    assert (received.event.zone, received.event.key, received.event.size) == ("raw", "raw/x.bin", 5)


def test_a_key_cannot_be_both_an_object_and_a_folder(blobs: BlobHarness) -> None:
    blobs.store.put("a/b", b"file")
    with pytest.raises(InvalidRequest, match="already an object"):
        blobs.store.put("a/b/c", b"x")
    blobs.store.put("d/e/f", b"x")
    with pytest.raises(InvalidRequest, match="folder"):
        blobs.store.put("d/e", b"x")
    blobs.store.delete("d/e/f")
    blobs.store.put("d/e", b"now fine")  # deleting the last object under a folder frees the name
    assert blobs.store.get("d/e") == b"now fine"
