"""Rows of an upload: rejected rows kept for correction, corrections as new versions with their history, and the
rows a commit hands to the pipeline.

A correction re-checks the row with the same rules as the whole file (``check_file`` on a one-row file with the
upload's header). Each correction is a new version: who, when, the cells before and after, the status before and
after. A row of a committed upload that a correction makes acceptable enters the pipeline on its own, as
``manual-<upload>-row<n>-v<version>.csv``; a later version of the same keys supersedes it there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from mdap.domain.manual import FileRefused
from mdap.pipeline.checking import FileCheck, check_file
from mdap.pipeline.contracts import Contract
from mdap.ports.blobstore import BlobStore
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed, NotFound

from .store import Uploads

ATTEMPTS = 5


def raw_csv(header: Sequence[str], rows: Iterable[Sequence[str | None]]) -> bytes:
    """Rows for the pipeline: plain UTF-8 CSV, cells exactly as the person gave them (the pipeline's own
    de-identification neutralises formulas on the way to curated data)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def committed_rows(uploads: Uploads, upload_id: str) -> tuple[list[str], list[list[str | None]]]:
    """The header and, in file order, every row that is accepted now: as checked, or as last corrected."""
    checked = uploads.checked(upload_id)
    header: list[str] = checked["header"]
    touched = {r["row"]: r for r in uploads.rows(upload_id)}
    accepted = set(checked["accepted"])
    cells = {int(n): c for n, c in checked["rows"].items() if int(n) in accepted}
    cells.update({n: r["cells"] for n, r in touched.items() if r["status"] == "accepted"})
    for n, record in touched.items():
        if record["status"] != "accepted":
            cells.pop(n, None)
    return header, [[cells[n].get(h) for h in header] for n in sorted(cells)]


class Corrections:
    def __init__(self, uploads: Uploads, raw: BlobStore, clock: Clock) -> None:
        self.uploads = uploads
        self.raw = raw
        self.clock = clock

    def record_rejected(self, upload_id: str, checked: FileCheck) -> None:
        for n, problem in checked.rejected.items():
            self.uploads.put_row(upload_id, {"row": n, "status": "rejected", "cells": checked.rows.get(n, {}),
                                             "problem": problem.as_json(), "version": 1, "history": []},
                                 expect_version=0)

    def correct(self, upload: dict[str, Any], contract: Contract, email: str, row: int,
                cells: dict[str, str | None], expect_version: int | None) -> dict[str, Any]:
        header: list[str] = upload.get("header") or []
        unknown = sorted(set(cells) - set(header))
        if unknown:
            raise FileRefused(f"no such columns in this upload: {unknown}", field="cells",
                              message_ko=f"이 파일에 없는 열입니다: {', '.join(unknown)}")
        record, item_version = self._current(upload["id"], row)
        if expect_version is not None and record["version"] != expect_version:
            raise ConditionFailed(f"row {row} is at version {record['version']}, not {expect_version}")
        after = self._judged(upload, contract, record, {**record["cells"], **cells})
        after["history"] = [*record["history"], {
            "version": after["version"], "by": email, "at": self.clock.now().isoformat(),
            "before": {"cells": record["cells"], "status": record["status"]},
            "after": {"cells": after["cells"], "status": after["status"]}}]
        if upload["status"] == "committed" and after["status"] == "accepted":
            after["raw_key"] = self._enter_pipeline(upload, contract, header, after)
        self.uploads.put_row(upload["id"], after, expect_version=item_version)
        self._recount(upload["id"], record["status"], after["status"])
        return after

    def _current(self, upload_id: str, row: int) -> tuple[dict[str, Any], int]:
        found = self.uploads.row(upload_id, row)
        if found is not None:
            return found
        original = self.uploads.checked(upload_id)["rows"].get(str(row))
        if original is None:
            raise NotFound(f"no row {row} in upload {upload_id}")
        return {"row": row, "status": "accepted", "cells": original, "problem": None, "version": 1,
                "history": []}, 0

    def _judged(self, upload: dict[str, Any], contract: Contract, record: dict[str, Any],
                cells: dict[str, str | None]) -> dict[str, Any]:
        header = upload["header"]
        one = raw_csv(header, [[cells.get(h) for h in header]])
        verdict = check_file(contract, one, "correction.csv", upload["site"], self.clock.now())
        problem = verdict.rejected.get(2)
        return {"row": record["row"], "status": "rejected" if problem else "accepted", "cells": cells,
                "problem": {**problem.as_json(), "row": record["row"]} if problem else None,
                "version": record["version"] + 1}

    def _enter_pipeline(self, upload: dict[str, Any], contract: Contract, header: list[str],
                        record: dict[str, Any]) -> str:
        key = (f"{contract.raw_prefix}site={upload['site']}/"
               f"manual-{upload['id']}-row{record['row']}-v{record['version']}.csv")
        self.raw.put(key, raw_csv(header, [[record["cells"].get(h) for h in header]]), content_type="text/csv")
        return key

    def _recount(self, upload_id: str, before: str, after: str) -> None:
        if before == after:
            return
        for _ in range(ATTEMPTS):
            upload, version = self.uploads.get(upload_id)
            counts = dict(upload.get("counts") or {})
            counts[before] = counts.get(before, 0) - 1
            counts[after] = counts.get(after, 0) + 1
            try:
                self.uploads.put({**upload, "counts": counts}, expect_version=version)
                return
            except ConditionFailed:
                continue
        raise ConditionFailed(f"upload {upload_id} kept changing")
