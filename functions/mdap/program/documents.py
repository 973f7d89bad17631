"""Documents (R-DOC) of applications and projects: uploads through presigned URLs into the documents zone.

An upload is declared first (kind, file name, type, size: refused before any byte moves if the kind does not
take it), then PUT to the URL, then completed: the object's SHA-256 is recorded and it waits in
``pending_scan`` until the scan clears it. ``scan`` is the hook for a malware scanner: the built-in check
compares the first bytes with the declared type; a scanner's verdict would be passed to ``record_scan``.
Downloads are presigned URLs handed only to those who may see the application.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from mdap.domain.identity import Forbidden, Principal
from mdap.domain.program.documents import KINDS, file_type, looks_like, missing_documents, required_documents
from mdap.domain.program.errors import IllegalTransition
from mdap.ports.blobstore import BlobStore
from mdap.ports.clock import Clock
from mdap.ports.errors import NotFound
from mdap.program.access import Access
from mdap.program.audit import AuditLog
from mdap.program.store import Key, Records, new_id

APPLICATION_STAGE = ("draft", "info_requested")
PROJECT_KINDS = ("payment_request", "bank_account", "guarantee_insurance", "final_report")
LIVE = ("pending_scan", "clean")
_SAFE = re.compile(r"[^\w.\-가-힣]+")


def _key(app_id: str, doc_id: str) -> Key:
    return Key(f"APP#{app_id}", f"DOC#{doc_id}")


class Documents:
    def __init__(self, records: Records, access: Access, audit: AuditLog, blobs: BlobStore, clock: Clock) -> None:
        self._records = records
        self._access = access
        self._audit = audit
        self._blobs = blobs
        self._clock = clock

    def request_upload(self, principal: Principal, app: Mapping[str, Any], kind: str, filename: str,
                       content_type: str, size: int, role: str | None = None) -> dict[str, Any]:
        held = self._access.require_member(principal, app)
        role = role or sorted(held)[0]
        if role not in held:
            raise Forbidden(f"you do not hold the role {role} in this application")
        self._stage_allows(app, kind)
        extension = file_type(kind, filename, content_type, size)  # UploadRefused before anything is stored
        doc_id = new_id("doc")
        key = f"applications/{app['id']}/{doc_id}/{_SAFE.sub('_', filename)[-120:]}"
        record = {"id": doc_id, "application": app["id"], "kind": kind, "kind_label": KINDS[kind].label_ko,
                  "role": role, "filename": filename, "content_type": content_type, "type": extension,
                  "size": size, "key": key, "status": "uploading", "sha256": None,
                  "uploaded_by": principal.email, "at": self._clock.now().isoformat()}
        self._records.create(_key(app["id"], doc_id), record)
        url = self._blobs.upload_url(key, content_type=content_type, expires_in=900)
        return {"document": _public(record), "upload_url": url, "method": "PUT",
                "headers": {"Content-Type": content_type}}

    @property
    def blobs(self) -> BlobStore:
        return self._blobs

    def complete(self, principal: Principal, app: Mapping[str, Any], doc_id: str) -> dict[str, Any]:
        """The bytes are in the store: record their digest and scan them."""
        self._access.require_member(principal, app)
        record = self._records.get(_key(app["id"], doc_id), "document")
        if record["status"] != "uploading":
            raise IllegalTransition(f"document {doc_id} is {record['status']}", message_ko="이미 처리된 서류입니다.")
        data = self._blobs.get(record["key"])  # NotFound: the upload did not arrive
        if len(data) != record["size"]:
            return self._finish(record, "rejected", f"{len(data)} bytes arrived, {record['size']} were declared")
        stored = {**record, "status": "pending_scan", "sha256": hashlib.sha256(data).hexdigest()}
        self._records.table.put(f"APP#{app['id']}", f"DOC#{doc_id}", stored)
        self._audit.record(principal.email, "document.uploaded", {"call": app["call_id"], "application": app["id"]},
                           after={"document": doc_id, "kind": record["kind"], "sha256": stored["sha256"]})
        return self.scan(stored, data[:16])

    def scan(self, record: Mapping[str, Any], head: bytes) -> dict[str, Any]:
        """The scanning hook: here the built-in type check; a malware scanner's verdict goes to record_scan."""
        if looks_like(record["type"], head):
            return self.record_scan(record, "clean", "")
        return self.record_scan(record, "rejected", f"the content is not a {record['type'].upper()} file")

    def record_scan(self, record: Mapping[str, Any], verdict: str, reason: str) -> dict[str, Any]:
        return self._finish(dict(record), verdict, reason)

    def remove(self, principal: Principal, app: Mapping[str, Any], doc_id: str) -> dict[str, Any]:
        held = self._access.require_member(principal, app)
        record = self._records.get(_key(app["id"], doc_id), "document")
        if record["role"] not in held:
            raise Forbidden("only the member that uploaded a document removes it")
        self._stage_allows(app, record["kind"])
        return self._finish(record, "removed", "")

    def of_application(self, principal: Principal, app: Mapping[str, Any]) -> list[dict[str, Any]]:
        self._access.application(principal, app)
        docs = self._records.all(f"APP#{app['id']}", prefix="DOC#")
        return [_public(doc) for doc in sorted(docs, key=_checklist_order) if doc["status"] != "removed"]

    def download_url(self, principal: Principal, app: Mapping[str, Any], doc_id: str) -> dict[str, Any]:
        self._access.application(principal, app)
        record = self._records.get(_key(app["id"], doc_id), "document")
        if record["status"] != "clean":
            raise NotFound(f"document {doc_id} is not available ({record['status']})")
        return {"url": self._blobs.download_url(record["key"], expires_in=300), "filename": record["filename"],
                "content_type": record["content_type"]}

    def present(self, app: Mapping[str, Any]) -> dict[str, list[str]]:
        """role -> kinds uploaded and not rejected or removed."""
        present: dict[str, list[str]] = {}
        for doc in self._records.all(f"APP#{app['id']}", prefix="DOC#"):
            if doc["status"] in LIVE:
                present.setdefault(doc["role"], []).append(doc["kind"])
        return present

    def missing(self, app: Mapping[str, Any]) -> dict[str, list[str]]:
        roles = [member["role"] for member in app["members"]]
        return missing_documents(required_documents(roles, bonus_claimed=bool(app.get("bonus_claim"))),
                                 self.present(app))

    def _stage_allows(self, app: Mapping[str, Any], kind: str) -> None:
        project_stage = app["status"] == "selected"
        if (kind in PROJECT_KINDS and not project_stage) or (kind not in PROJECT_KINDS and
                                                              app["status"] not in APPLICATION_STAGE):
            raise IllegalTransition(f"{kind} documents cannot be changed while the application is {app['status']}",
                                    message_ko="지금 단계에서는 이 서류를 올리거나 지울 수 없습니다.")

    def _finish(self, record: dict[str, Any], status: str, reason: str) -> dict[str, Any]:
        done = {**record, "status": status, "reason": reason}
        self._records.table.put(f"APP#{record['application']}", f"DOC#{record['id']}", done)
        return _public(done)


_KIND_ORDER = {kind: index for index, kind in enumerate(KINDS)}


def _checklist_order(record: Mapping[str, Any]) -> tuple[int, str, str, str]:
    """In the order of the checklist (R-DOC), then by member and upload time: the same list for everyone."""
    kind = _KIND_ORDER.get(record["kind"], len(_KIND_ORDER))
    return kind, record.get("role") or "", record.get("at") or "", record["id"]


def _public(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "key"}

