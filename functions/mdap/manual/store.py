"""Uploads and corrected rows on the Table port; each upload's checked rows as one JSON object beside its file.

``UPLOAD#<id>`` / ``META`` is the upload (listed per site through the index: ``MANUAL#<site>``, newest first);
``MANUAL-SITES`` / ``<site>`` marks each site with uploads;
``UPLOAD#<id>`` / ``ROW#<n>`` exists for a rejected row and for every row a person corrected: its cells, status,
problem and the history of its versions (who, when, before, after). Accepted rows nobody touched live only in
the rows object (``manual/<id>/rows.json`` in the documents zone), so an upload of 5,000 good rows is one write.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from mdap.ports.blobstore import BlobStore
from mdap.ports.errors import NotFound
from mdap.ports.table import KeyRange, Table

META = "META"
ROWS_INDEX = "MANUAL#"
SITES = "MANUAL-SITES"  # one item per site that has uploads


def upload_pk(upload_id: str) -> str:
    return f"UPLOAD#{upload_id}"


def row_sk(row: int) -> str:
    return f"ROW#{row:07d}"


class Uploads:
    def __init__(self, table: Table, documents: BlobStore) -> None:
        self.table = table
        self.documents = documents

    def get(self, upload_id: str) -> tuple[dict[str, Any], int]:
        item = self.table.get(upload_pk(upload_id), META)
        if item is None:
            raise NotFound(f"no upload {upload_id}")
        return dict(item.data), item.version

    def put(self, upload: dict[str, Any], *, expect_version: int | None) -> dict[str, Any]:
        if expect_version == 0:  # a new upload: its site joins the list staff read uploads from
            self.table.put(SITES, upload["site"], {"site": upload["site"]})
        data = {**upload, "gsi1pk": f"{ROWS_INDEX}{upload['site']}", "gsi1sk": f"{upload['created_at']}#{upload['id']}"}
        self.table.put(upload_pk(upload["id"]), META, data, expect_version=expect_version)
        return upload

    def of_sites(self, sites: list[str], limit: int) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for site in sites:
            page = self.table.query(f"{ROWS_INDEX}{site}", index="gsi1", limit=limit, descending=True)
            found += [dict(item.data) for item in page.items]
        return sorted(found, key=lambda u: u["created_at"], reverse=True)[:limit]

    def sites(self) -> list[str]:
        found, cursor = [], None
        while True:
            page = self.table.query(SITES, limit=200, cursor=cursor)
            found += [str(item.data["site"]) for item in page.items]
            cursor = page.cursor
            if cursor is None:
                return found

    def row(self, upload_id: str, row: int) -> tuple[dict[str, Any], int] | None:
        item = self.table.get(upload_pk(upload_id), row_sk(row))
        return (_row_out(item.data), item.version) if item is not None else None

    def put_row(self, upload_id: str, record: dict[str, Any], *, expect_version: int) -> None:
        stored = {("row_version" if k == "version" else k): v for k, v in record.items()}  # "version" is the store's
        self.table.put(upload_pk(upload_id), row_sk(record["row"]), stored, expect_version=expect_version)

    def rows(self, upload_id: str) -> Iterator[dict[str, Any]]:
        cursor: str | None = None
        while True:
            page = self.table.query(upload_pk(upload_id), sk=KeyRange(prefix="ROW#"), limit=200, cursor=cursor)
            yield from (_row_out(item.data) for item in page.items)
            cursor = page.cursor
            if cursor is None:
                return

    def save_checked(self, upload_id: str, checked: dict[str, Any]) -> None:
        self.documents.put(f"manual/{upload_id}/rows.json", json.dumps(checked, ensure_ascii=False).encode("utf-8"),
                           content_type="application/json")

    def checked(self, upload_id: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.documents.get(f"manual/{upload_id}/rows.json"))
        return data


def _row_out(data: Any) -> dict[str, Any]:
    return {("version" if k == "row_version" else k): v for k, v in data.items()}
