"""Manual shop-floor data (R-PLT-6): what an upload may be, the life of an upload, and the refusals.

An upload is declared (dataset, site, file name, type, size), its file arrives, it is **checked** row by row with
the pipeline's rules (nothing stored yet), then **committed**: its accepted rows enter the preprocessing
pipeline as one raw object. Rejected rows stay with the upload for correction; each correction is a new version
of that row, and a corrected row of a committed upload enters the pipeline on its own.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePosixPath

MAX_BYTES = 10 * 1024 * 1024  # hand-kept files; machine exports go through the collector's file drop
MAX_ROWS = 5_000
FILE_TYPES = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class UploadStatus(StrEnum):
    UPLOADING = "uploading"  # declared; the file is on its way
    CHECKED = "checked"  # the report is ready; nothing entered the pipeline yet
    REFUSED = "refused"  # the file as a whole cannot be used (unreadable, a required column missing)
    COMMITTED = "committed"  # the accepted rows entered the pipeline


class ManualDataError(Exception):
    code: str = "manual_data_error"
    status: int = 400
    default_message_ko: str = "수기 데이터 규칙에 맞지 않는 요청입니다."

    def __init__(self, message: str, *, message_ko: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message_ko = message_ko or self.default_message_ko
        self.field = field


class FileRefused(ManualDataError):
    """The declared file cannot be taken: its type, size or name."""

    code = "file_refused"


class NotReady(ManualDataError):
    """The upload is not in the state the step needs (check before the file arrived, commit twice…)."""

    code = "upload_not_ready"
    status = 409
    default_message_ko = "업로드의 현재 상태에서는 할 수 없는 작업입니다."


def file_type(filename: str, size: int) -> str:
    """The content type to store ``filename`` under, or FileRefused saying what to change."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    suffix = PurePosixPath(name).suffix.lower()
    if not name or name != filename or suffix not in FILE_TYPES:
        raise FileRefused(f"{filename!r}: upload a .csv or .xlsx file by its plain name", field="filename",
                          message_ko="CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.")
    if size <= 0 or size > MAX_BYTES:
        raise FileRefused(f"{size} bytes: a file of 1 byte to {MAX_BYTES // (1024 * 1024)} MiB", field="size",
                          message_ko=f"파일 크기는 {MAX_BYTES // (1024 * 1024)}MB 이하여야 합니다(대량 데이터는 "
                                     "수집기의 파일 폴더를 이용하세요).")
    return FILE_TYPES[suffix]


def require(status: str, *allowed: UploadStatus, doing: str) -> None:
    if status not in allowed:
        raise NotReady(f"cannot {doing} an upload that is {status}",
                       message_ko=f"업로드 상태가 '{status}'이므로 {_KO.get(doing, doing)}할 수 없습니다.")


_KO = {"check": "검사", "commit": "반영", "correct": "수정"}
