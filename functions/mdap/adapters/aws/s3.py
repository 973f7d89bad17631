"""BlobStore on one S3 bucket per zone.

The sha256 hex digest travels as user metadata ``mdap-sha256`` (and as S3's own ChecksumSHA256,
which S3 verifies on arrival), so head and list report it like the local store. An object uploaded
through a presigned URL has neither unless the client sent a full-object x-amz-checksum-sha256;
then its digest is reported as "" (unknown): head and list never download objects to hash them.
S3 lists no metadata, so ``list`` heads each object: fine for the small prefixes the platform lists.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from botocore.exceptions import ClientError

from mdap.ports.blobstore import BlobInfo, BlobStore, validate_key, validate_metadata
from mdap.ports.errors import InvalidRequest, NotFound

DIGEST = "mdap-sha256"
_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3BlobStore(BlobStore):
    def __init__(self, client: Any, bucket: str, zone: str) -> None:
        self._s3 = client
        self._bucket = bucket
        self._zone = zone

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream",
            metadata: Mapping[str, str] | None = None) -> BlobInfo:
        validate_key(key)
        meta = validate_metadata(metadata or {})
        digest = hashlib.sha256(data)
        self._call("put_object", Key=key, Body=data, ContentType=content_type,
                   Metadata=meta | {DIGEST: digest.hexdigest()},
                   ChecksumSHA256=base64.b64encode(digest.digest()).decode())
        return self.head(key)

    def get(self, key: str) -> bytes:
        body = self._call("get_object", Key=validate_key(key))["Body"]
        return bytes(body.read())

    def head(self, key: str) -> BlobInfo:
        found = self._call("head_object", Key=validate_key(key), ChecksumMode="ENABLED")
        metadata = dict(found.get("Metadata", {}))
        digest = metadata.pop(DIGEST, None) or _checksum_hex(found) or ""
        return BlobInfo(key, int(found["ContentLength"]), digest,
                        found.get("ContentType", "application/octet-stream"), found["LastModified"], metadata)

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket, Prefix=prefix)
        for page in pages:
            for listed in page.get("Contents", []):
                try:
                    yield self.head(listed["Key"])
                except NotFound:  # deleted between listing and heading: it is gone, like locally
                    continue

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=validate_key(key))

    def upload_url(self, key: str, *, expires_in: int = 900, content_type: str | None = None) -> str:
        params = {"Bucket": self._bucket, "Key": validate_key(key)}
        if content_type:
            params["ContentType"] = content_type
        return str(self._s3.generate_presigned_url("put_object", Params=params, ExpiresIn=_expiry(expires_in)))

    def download_url(self, key: str, *, expires_in: int = 900) -> str:
        params = {"Bucket": self._bucket, "Key": validate_key(key)}
        return str(self._s3.generate_presigned_url("get_object", Params=params, ExpiresIn=_expiry(expires_in)))

    def _call(self, operation: str, **request: Any) -> dict[str, Any]:
        try:
            return getattr(self._s3, operation)(Bucket=self._bucket, **request)  # type: ignore[no-any-return]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                raise NotFound(f"no object {request.get('Key')!r} in zone {self._zone!r}") from None
            raise


def _checksum_hex(found: Mapping[str, Any]) -> str | None:
    """S3's whole-object SHA-256 (base64) as hex; multipart checksums ('...-N') are not content digests."""
    checksum = found.get("ChecksumSHA256")
    if not checksum or "-" in checksum or found.get("ChecksumType", "FULL_OBJECT") != "FULL_OBJECT":
        return None
    return base64.b64decode(checksum).hex()


def _expiry(expires_in: int) -> int:
    if not 1 <= expires_in <= 7 * 24 * 3600:
        raise InvalidRequest(f"expires_in must be 1 second to 7 days, got {expires_in}")
    return expires_in
