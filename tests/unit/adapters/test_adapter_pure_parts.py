"""The adapters' pure parts: URL signing, number mapping (Athena's: test_athena_pure_parts.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from mdap.adapters.aws.dynamodb import _from_dynamo, _to_dynamo
from mdap.adapters.aws.object_events import SqsObjectEvents
from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.blob_urls import BlobUrlSigner, attachment, harmless_type
from mdap.ports.blobstore import validate_key
from mdap.ports.errors import InvalidRequest


def _signed(signer: BlobUrlSigner, method: str = "GET") -> dict[str, str]:
    url = signer.url("http://h:1", method, "raw", "a/b.bin", 60)
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_signature_binds_method_key_and_expiry() -> None:
    clock = ControllableClock(datetime(2025, 1, 1, tzinfo=UTC))
    signer = BlobUrlSigner(b"k" * 32, clock)
    query = _signed(signer)
    assert signer.check("GET", "raw", "a/b.bin", query, clock.now()) is None
    assert "signature" in (signer.check("PUT", "raw", "a/b.bin", query, clock.now()) or "")
    assert "signature" in (signer.check("GET", "raw", "a/c.bin", query, clock.now()) or "")
    assert "signature" in (signer.check("GET", "curated", "a/b.bin", query, clock.now()) or "")
    assert "expired" in (signer.check("GET", "raw", "a/b.bin", query, clock.now() + timedelta(seconds=61)) or "")


def test_a_signature_from_another_secret_is_refused() -> None:
    clock = ControllableClock()
    query = _signed(BlobUrlSigner(b"a" * 32, clock))
    assert BlobUrlSigner(b"b" * 32, clock).check("GET", "raw", "a/b.bin", query, clock.now()) is not None


def test_short_secrets_are_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        BlobUrlSigner(b"short")


@pytest.mark.parametrize("key", ["raw/site=한빛/x.parquet", "a", "a/b-c_d.e", "x" * 255])
def test_good_keys_pass(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize("key", ["", "/a", "a//b", "a/..", "./a", "a/", "a\\b", "a\x00b", "x" * 256])
def test_bad_keys_fail(key: str) -> None:
    with pytest.raises(InvalidRequest):
        validate_key(key)


def test_dynamo_numbers_map_to_int_or_float_and_back() -> None:
    assert _to_dynamo({"f": 0.1, "l": [1, 2.5]}) == {"f": Decimal("0.1"), "l": [1, Decimal("2.5")]}
    assert _from_dynamo({"a": Decimal("3"), "b": Decimal("0.1"), "c": [Decimal("2.0")]}) == {
        "a": 3, "b": 0.1, "c": [2]}
    with pytest.raises(InvalidRequest, match="finite"):
        _to_dynamo({"x": float("inf")})


def test_eventbridge_envelope_maps_bucket_to_zone() -> None:
    events = SqsObjectEvents(None, "queue", {"mdap-raw": "raw"})
    body = ('{"detail-type": "Object Created", "time": "2025-03-01T09:00:00Z", '
            '"detail": {"bucket": {"name": "mdap-raw"}, "object": {"key": "raw/a=b/x.parquet", "size": 9}}}')
    [event] = events._parse(body) or []
    assert (event.zone, event.key, event.size, event.at) == ("raw", "raw/a=b/x.parquet", 9,
                                                           datetime(2025, 3, 1, 9, tzinfo=UTC))
    assert events._parse("not json") is None


@pytest.mark.parametrize("sent", ["text/html", "TEXT/HTML; charset=utf-8", "image/svg+xml", "application/xml",
                                  "application/rss+xml", "text/javascript", "application/x-javascript", "",
                                  "nonsense"])
def test_active_or_malformed_client_types_are_stored_as_octet_stream(sent: str) -> None:
    assert harmless_type(sent) == "application/octet-stream"


@pytest.mark.parametrize("sent", ["text/csv", "application/pdf", "image/png", "text/plain; charset=utf-8"])
def test_passive_client_types_are_kept(sent: str) -> None:
    assert harmless_type(sent) == sent


def test_attachment_names_the_last_key_segment_in_rfc_8187_utf8() -> None:
    expected = "attachment; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C%20%221%22%3B.csv"
    assert attachment('a/b/보고서 "1";.csv') == expected
