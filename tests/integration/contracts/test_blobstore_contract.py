"""One contract for the BlobStore port: LocalBlobStore and S3BlobStore (on moto)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from mdap.ports.errors import InvalidRequest, NotFound
from tests.integration.contracts.blob_harness import BlobHarness, aws_harness, local_harness

KEY = "raw/site=한빛정밀/source=opcua/date=2025-03-01/hour=09/batch-0001.parquet"


@pytest.fixture(params=["local", "s3"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobHarness]:
    if request.param == "local":
        yield local_harness(tmp_path)
        return
    request.getfixturevalue("aws")
    yield aws_harness()


def test_put_then_get_returns_the_same_bytes(blobs: BlobHarness) -> None:
    blobs.store.put(KEY, b"\x00parquet bytes\xff")
    assert blobs.store.get(KEY) == b"\x00parquet bytes\xff"


def test_head_reports_size_digest_type_and_metadata(blobs: BlobHarness) -> None:
    data = "측정값 CSV".encode()
    put = blobs.store.put("manual/upload.csv", data, content_type="text/csv; charset=utf-8",
                          metadata={"Uploaded-By": "user-7"})
    head = blobs.store.head("manual/upload.csv")
    assert (head.key, head.size, head.sha256) == ("manual/upload.csv", len(data), hashlib.sha256(data).hexdigest())
    assert head.content_type == "text/csv; charset=utf-8"
    assert dict(head.metadata) == {"uploaded-by": "user-7"}
    assert (put.sha256, put.size, dict(put.metadata)) == (head.sha256, head.size, dict(head.metadata))
    assert head.last_modified.tzinfo is not None


def test_missing_objects_raise_not_found(blobs: BlobHarness) -> None:
    with pytest.raises(NotFound):
        blobs.store.get("nope/missing.bin")
    with pytest.raises(NotFound):
        blobs.store.head("nope/missing.bin")


def test_put_replaces_an_existing_object(blobs: BlobHarness) -> None:
    blobs.store.put("a/b.txt", b"old", content_type="text/plain")
    blobs.store.put("a/b.txt", b"newer")
    head = blobs.store.head("a/b.txt")
    assert blobs.store.get("a/b.txt") == b"newer"
    assert (head.size, head.content_type) == (5, "application/octet-stream")


def test_list_returns_keys_under_a_prefix_in_key_order_with_digests(blobs: BlobHarness) -> None:
    for key in ("raw/b/2.bin", "raw/a/1.bin", "raw/a/0.bin", "rawx/other.bin", "curated/c.bin"):
        blobs.store.put(key, key.encode(), metadata={"k": "v"})
    listed = list(blobs.store.list("raw/"))
    assert [info.key for info in listed] == ["raw/a/0.bin", "raw/a/1.bin", "raw/b/2.bin"]
    assert [info.sha256 for info in listed] == [hashlib.sha256(i.key.encode()).hexdigest() for i in listed]
    assert all(dict(info.metadata) == {"k": "v"} for info in listed)
    assert len(list(blobs.store.list())) == 5
    assert list(blobs.store.list("nothing-here/")) == []


def test_delete_removes_and_is_idempotent(blobs: BlobHarness) -> None:
    blobs.store.put("a/b/c.txt", b"x")
    blobs.store.delete("a/b/c.txt")
    blobs.store.delete("a/b/c.txt")
    with pytest.raises(NotFound):
        blobs.store.get("a/b/c.txt")
    assert list(blobs.store.list("a/")) == []


@pytest.mark.parametrize("key", ["", "/abs/key", "a//b", "a/../b", "../up", "a/./b", "trailing/", "x" * 1025,
                                 "가" * 342, "long/" + "s" * 256])
def test_bad_keys_are_refused_with_a_clear_message(blobs: BlobHarness, key: str) -> None:
    with pytest.raises(InvalidRequest, match="key"):
        blobs.store.put(key, b"x")
    with pytest.raises(InvalidRequest, match="key"):
        blobs.store.get(key)


def test_a_key_of_exactly_1024_bytes_is_accepted(blobs: BlobHarness) -> None:
    key = "a/" + "/".join(["x" * 255] * 3) + "/" + "y" * 254
    assert len(key.encode()) == 1024
    blobs.store.put(key, b"ok")
    assert blobs.store.get(key) == b"ok"


def test_non_ascii_or_reserved_metadata_is_refused(blobs: BlobHarness) -> None:
    with pytest.raises(InvalidRequest, match="ASCII"):
        blobs.store.put("a.bin", b"x", metadata={"note": "한글"})
    with pytest.raises(InvalidRequest, match="reserved"):
        blobs.store.put("a.bin", b"x", metadata={"mdap-sha256": "0"})
    with pytest.raises(NotFound):
        blobs.store.head("a.bin")


def test_upload_url_accepts_a_put_of_the_bytes(blobs: BlobHarness) -> None:
    url = blobs.store.upload_url("documents/사업계획서.pdf", content_type="application/pdf")
    status, _ = blobs.http("PUT", url, b"%PDF-1.7 plan", {"Content-Type": "application/pdf"})
    assert status == 200
    head = blobs.store.head("documents/사업계획서.pdf")
    assert blobs.store.get("documents/사업계획서.pdf") == b"%PDF-1.7 plan"
    # "" = digest unknown: S3 stores no SHA-256 for a URL upload that sent none (see BlobInfo)
    assert head.sha256 in (hashlib.sha256(b"%PDF-1.7 plan").hexdigest(), "")
    assert head.content_type == "application/pdf"


def test_download_url_serves_the_object(blobs: BlobHarness) -> None:
    blobs.store.put(KEY, b"readings")
    status, body = blobs.http("GET", blobs.store.download_url(KEY, expires_in=60), b"", {})
    assert (status, body) == (200, b"readings")


def test_url_expiry_out_of_range_is_refused(blobs: BlobHarness) -> None:
    with pytest.raises(InvalidRequest, match="expires_in"):
        blobs.store.download_url("a.bin", expires_in=0)
    with pytest.raises(InvalidRequest, match="expires_in"):
        blobs.store.upload_url("a.bin", expires_in=8 * 24 * 3600)
