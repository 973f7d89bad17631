"""Manual shop-floor data over the container's ports: declare, check, commit, correct, templates and exports.

Who: staff and admin for any site, a factory user for its own site only (another site's upload is "not found").
Every accepted row reaches the pipeline as a raw object under ``raw/<dataset>/site=<site>/`` — the same door the
collector and the file drop use, so the curated views see manual rows exactly like machine rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.manual import MAX_ROWS, FileRefused, UploadStatus, file_type, require
from mdap.manual.rows import Corrections, committed_rows, raw_csv
from mdap.manual.store import Uploads
from mdap.manual.templates import csv_bytes, csv_template, xlsx_template
from mdap.monitoring.access import scope_for
from mdap.pipeline.checking import check_file
from mdap.pipeline.contracts import Contract, load_contracts
from mdap.ports.blobstore import BlobStore
from mdap.ports.clock import Clock
from mdap.ports.errors import NotFound
from mdap.program.audit import AuditLog

WHAT = "manual data"
URL_SECONDS = 300


@dataclass(frozen=True)
class ManualData:
    uploads: Uploads
    raw: BlobStore
    clock: Clock
    audit: AuditLog

    @property
    def documents(self) -> BlobStore:
        return self.uploads.documents

    def contract(self, dataset: str) -> Contract:
        found = load_contracts().get(dataset)
        if found is None:
            raise NotFound(f"no dataset {dataset}")
        return found

    def start(self, principal: Principal, dataset: str, site: str | None, filename: str, size: int
              ) -> tuple[dict[str, Any], str, dict[str, str]]:
        self.contract(dataset)
        site = _site(principal, site)
        content_type = file_type(filename, size)
        upload_id = uuid.uuid4().hex[:12]
        key = f"manual/{upload_id}/{filename}"
        upload: dict[str, Any] = {"id": upload_id, "dataset": dataset, "site": site, "filename": filename, "size": size,
                  "content_type": content_type, "key": key, "status": "uploading",
                  "created_by": principal.email, "created_at": self.clock.now().isoformat()}
        self.uploads.put(upload, expect_version=0)
        url = self.documents.upload_url(key, content_type=content_type, expires_in=900)
        return upload, url, {"Content-Type": content_type}

    def get(self, principal: Principal, upload_id: str) -> dict[str, Any]:
        upload, _ = self.uploads.get(upload_id)
        if not scope_for(principal, what=WHAT).covers(upload["site"]):
            raise NotFound(f"no upload {upload_id}")
        return upload

    def of_site(self, principal: Principal, site: str | None, limit: int) -> list[dict[str, Any]]:
        scope = scope_for(principal, site, what=WHAT)
        sites = sorted(scope.sites) if scope.sites is not None else self._sites()
        return self.uploads.of_sites(sites, limit)

    def check(self, principal: Principal, upload_id: str) -> dict[str, Any]:
        upload = self.get(principal, upload_id)
        _, version = self.uploads.get(upload_id)
        require(upload["status"], UploadStatus.UPLOADING, doing="check")
        data = self.documents.get(upload["key"])  # NotFound: the file did not arrive
        if len(data) != upload["size"]:
            raise FileRefused(f"{len(data)} bytes arrived, {upload['size']} were declared", field="size",
                              message_ko="올린 파일의 크기가 신고한 크기와 다릅니다. 다시 올려 주세요.")
        checked = check_file(self.contract(upload["dataset"]), data, upload["filename"], upload["site"],
                             self.clock.now())
        if len(checked.rows) > MAX_ROWS:
            raise FileRefused(f"{len(checked.rows)} rows; at most {MAX_ROWS}", field="file",
                              message_ko=f"한 번에 {MAX_ROWS:,}행까지 올릴 수 있습니다. 파일을 나누어 올리세요.")
        Corrections(self.uploads, self.raw, self.clock).record_rejected(upload_id, checked)
        self.uploads.save_checked(upload_id, {"header": checked.header, "accepted": checked.accepted,
                                              "rows": {str(n): cells for n, cells in checked.rows.items()}})
        status = UploadStatus.REFUSED if checked.file_problem else UploadStatus.CHECKED
        done = {**upload, "status": status.value, "counts": checked.counts(), "header": checked.header,
                "format": checked.format, "encoding": checked.encoding, "file_problem": checked.file_problem,
                "unknown_columns": checked.unknown_columns, "duplicate_rows": checked.duplicates[:100],
                "checked_at": self.clock.now().isoformat()}
        return self.uploads.put(done, expect_version=version)

    def commit(self, principal: Principal, upload_id: str) -> dict[str, Any]:
        upload = self.get(principal, upload_id)
        _, version = self.uploads.get(upload_id)
        require(upload["status"], UploadStatus.CHECKED, doing="commit")
        header, rows = committed_rows(self.uploads, upload_id)
        if not rows:
            raise FileRefused("no accepted rows to commit", field="file",
                              message_ko="반영할 정상 행이 없습니다. 오류 행을 수정한 뒤 반영하세요.")
        key = f"{self.contract(upload['dataset']).raw_prefix}site={upload['site']}/manual-{upload_id}.csv"
        self.raw.put(key, raw_csv(header, rows), content_type="text/csv")
        done = {**upload, "status": UploadStatus.COMMITTED.value, "raw_keys": [key], "committed_rows": len(rows),
                "committed_by": principal.email, "committed_at": self.clock.now().isoformat()}
        self.uploads.put(done, expect_version=version)
        self.audit.record(principal.email, "manual.committed", {"upload": upload_id},
                          after={"upload": upload_id, "dataset": upload["dataset"], "rows": len(rows), "key": key})
        return done

    def rows(self, principal: Principal, upload_id: str) -> list[dict[str, Any]]:
        """The rows that were rejected or corrected, in file order, each with its versions."""
        self.get(principal, upload_id)
        return list(self.uploads.rows(upload_id))

    def correct(self, principal: Principal, upload_id: str, row: int, cells: dict[str, str | None],
                expect_version: int | None) -> dict[str, Any]:
        upload = self.get(principal, upload_id)
        require(upload["status"], UploadStatus.CHECKED, UploadStatus.COMMITTED, doing="correct")
        corrections = Corrections(self.uploads, self.raw, self.clock)
        return corrections.correct(upload, self.contract(upload["dataset"]), principal.email, row, cells,
                                   expect_version)

    def template(self, dataset: str, kind: str) -> dict[str, str]:
        contract = self.contract(dataset)
        data = xlsx_template(contract) if kind == "xlsx" else csv_template(contract)
        filename = f"{dataset}_template.{kind}"
        key = f"manual/templates/{filename}"
        self.documents.put(key, data, content_type="text/csv" if kind == "csv" else _XLSX)
        return {"url": self.documents.download_url(key, expires_in=URL_SECONDS), "filename": filename}

    def export_rejected(self, principal: Principal, upload_id: str) -> dict[str, str]:
        upload = self.get(principal, upload_id)
        header = upload.get("header") or []
        open_rows = [r for r in self.uploads.rows(upload_id) if r["status"] == "rejected"]
        lines = [[r["row"], r["problem"]["header"], r["problem"]["value"], r["problem"]["reason"],
                  *(r["cells"].get(h) for h in header)] for r in open_rows]
        filename = f"rejected-{upload_id}.csv"
        key = f"manual/{upload_id}/{filename}"
        self.documents.put(key, csv_bytes(["행", "열", "값", "사유", *header], lines), content_type="text/csv")
        return {"url": self.documents.download_url(key, expires_in=URL_SECONDS), "filename": filename}

    def _sites(self) -> list[str]:
        return self.uploads.sites()


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _site(principal: Principal, site: str | None) -> str:
    scope = scope_for(principal, site, what=WHAT)
    chosen = site or scope.single
    if chosen is None:
        raise FileRefused("say which site the data belongs to", field="site", message_ko="사이트(공장)를 선택하세요.")
    return chosen


def manual_data(container: Any) -> ManualData:
    cached: ManualData | None = container._cache.get("manual_data")
    if cached is None:
        cached = container._cache["manual_data"] = ManualData(
            Uploads(container.table, container.blobs["documents"]), container.blobs["raw"], container.clock,
            AuditLog(container.table, container.clock))
    return cached
