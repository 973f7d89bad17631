"""Request and response models of the manual-data API (they generate its part of /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from mdap.api.monitoring_models import SiteId, Strict

DatasetName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="a dataset contract's name")]
UploadState = Literal["uploading", "checked", "refused", "committed"]


class DataUploadIn(Strict):
    dataset: DatasetName
    site: SiteId | None = None  # staff: required; a factory user: its own site (omitted: the same)
    filename: str = Field(min_length=1, max_length=200)
    size: int = Field(ge=1, description="bytes; at most 10 MiB")


class DataUploadQuery(Strict):
    site: SiteId | None = None
    limit: int = Field(default=50, ge=1, le=100)


class TemplateQuery(Strict):
    format: Literal["xlsx", "csv"] = "xlsx"


class Counts(BaseModel):
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0


class DataUploadOut(BaseModel):
    id: str
    dataset: str
    site: str
    filename: str
    size: int
    status: UploadState
    created_by: str
    created_at: str
    counts: Counts | None = None
    header: list[str] = []
    format: str | None = None
    encoding: str | None = None
    file_problem: str | None = None
    unknown_columns: list[str] = []
    duplicate_rows: list[int] = []
    checked_at: str | None = None
    committed_by: str | None = None
    committed_at: str | None = None
    committed_rows: int | None = None
    raw_keys: list[str] = []


class DataUploadStarted(BaseModel):
    upload: DataUploadOut
    upload_url: str
    method: Literal["PUT"] = "PUT"
    headers: dict[str, str]


class DataUploadList(BaseModel):
    items: list[DataUploadOut]


class ProblemOut(BaseModel):
    row: int
    column: str
    header: str
    value: str | None
    code: str
    reason: str


class Change(BaseModel):
    cells: dict[str, str | None]
    status: Literal["accepted", "rejected"]


class VersionOut(BaseModel):
    version: int
    by: str
    at: str
    before: Change
    after: Change


class RowOut(BaseModel):
    row: int
    status: Literal["accepted", "rejected"]
    cells: dict[str, str | None]
    problem: ProblemOut | None
    version: int
    history: list[VersionOut]
    raw_key: str | None = None


class RowList(BaseModel):
    items: list[RowOut]


class CorrectionIn(Strict):
    cells: dict[str, str | None] = Field(description="header cell -> new value; columns not named keep theirs")
    expect_version: int | None = Field(default=None, ge=1, description="the version the correction was made on")


class FileLink(BaseModel):
    url: str
    filename: str


class DataDatasetOut(BaseModel):
    name: str
    description: str
    headers: list[str]
    required: list[str]


class DataDatasetList(BaseModel):
    items: list[DataDatasetOut]
