"""Manual shop-floor data: templates per dataset, uploads checked row by row before anything is committed,
commits into the pipeline, corrections with history, rejected rows exported. Staff and admin for any site, a
factory user for its own; the same API serves the /data page and factories that script their uploads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from mdap.api.data_models import (
    CorrectionIn,
    DataDatasetList,
    DataDatasetOut,
    DataUploadIn,
    DataUploadList,
    DataUploadOut,
    DataUploadQuery,
    DataUploadStarted,
    FileLink,
    RowList,
    RowOut,
    TemplateQuery,
)
from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.domain.identity import Principal

if TYPE_CHECKING:
    from mdap.manual.service import ManualData

bp = Blueprint(__name__)
ROLES = ["staff", "admin", "factory"]
TAG = "data"


def _d() -> ManualData:
    # Imported on first use: the checks need pyarrow and the templates openpyxl, which no other route loads, so
    # the API's cold start stays as light as it was.
    from mdap.manual.service import manual_data

    return manual_data(container())


@endpoint(bp, "/data/datasets", roles=ROLES, response=DataDatasetList, tag=TAG,
          summary="The datasets that take manual uploads, with their template headers")
def data_datasets(principal: Principal) -> DataDatasetList:
    from mdap.manual.templates import header_of, template_headers
    from mdap.pipeline.contracts import load_contracts

    return DataDatasetList(items=[DataDatasetOut(
        name=c.name, description=c.description, headers=template_headers(c),
        required=[header_of(col) for col in c.columns if col.required]) for c in load_contracts().values()])


@endpoint(bp, "/data/templates/{dataset}", roles=ROLES, query=TemplateQuery, response=FileLink, tag=TAG,
          summary="A template with Korean headers (XLSX with a guide sheet, or CSV): a short-lived link",
          errors=(404,))
def data_template(principal: Principal, query: TemplateQuery, dataset: str) -> FileLink:
    return FileLink.model_validate(_d().template(dataset, query.format))


@endpoint(bp, "/data/uploads", method="POST", roles=ROLES, body=DataUploadIn, response=DataUploadStarted, status=201,
          tag=TAG, summary="Declare an upload (CSV UTF-8/CP949 or XLSX, ≤ 10 MiB); PUT the file to upload_url",
          errors=(404,))
def start_upload(principal: Principal, body: DataUploadIn) -> DataUploadStarted:
    upload, url, headers = _d().start(principal, body.dataset, body.site, body.filename, body.size)
    return DataUploadStarted(upload=DataUploadOut.model_validate(upload), upload_url=url, headers=headers)


@endpoint(bp, "/data/uploads", roles=ROLES, query=DataUploadQuery, response=DataUploadList, tag=TAG,
          summary="Uploads newest first (a factory user: its own site)", errors=(404,))
def list_uploads(principal: Principal, query: DataUploadQuery) -> DataUploadList:
    found = _d().of_site(principal, query.site, query.limit)
    return DataUploadList(items=[DataUploadOut.model_validate(u) for u in found])


@endpoint(bp, "/data/uploads/{upload_id}", roles=ROLES, response=DataUploadOut, tag=TAG,
          summary="One upload with its report counts", errors=(404,))
def get_upload(principal: Principal, upload_id: str) -> DataUploadOut:
    return DataUploadOut.model_validate(_d().get(principal, upload_id))


@endpoint(bp, "/data/uploads/{upload_id}/check", method="POST", roles=ROLES, response=DataUploadOut, tag=TAG,
          summary="Check the arrived file row by row (nothing is committed); then read the rejected rows",
          errors=(404, 409))
def check_upload(principal: Principal, upload_id: str) -> DataUploadOut:
    return DataUploadOut.model_validate(_d().check(principal, upload_id))


@endpoint(bp, "/data/uploads/{upload_id}/commit", method="POST", roles=ROLES, response=DataUploadOut, tag=TAG,
          summary="Commit the accepted rows: they enter the preprocessing pipeline", errors=(404, 409))
def commit_upload(principal: Principal, upload_id: str) -> DataUploadOut:
    return DataUploadOut.model_validate(_d().commit(principal, upload_id))


@endpoint(bp, "/data/uploads/{upload_id}/rows", roles=ROLES, response=RowList, tag=TAG,
          summary="Rejected and corrected rows in file order, each with its problem and versions", errors=(404,))
def upload_rows(principal: Principal, upload_id: str) -> RowList:
    return RowList(items=[RowOut.model_validate(r) for r in _d().rows(principal, upload_id)])


@endpoint(bp, "/data/uploads/{upload_id}/rows/{row}", method="PUT", roles=ROLES, body=CorrectionIn,
          response=RowOut, tag=TAG, errors=(404, 409),
          summary="Correct a row: re-checked, kept as a new version (who, when, before, after)")
def correct_row(principal: Principal, body: CorrectionIn, upload_id: str, row: str) -> RowOut:
    number = int(row) if row.isdigit() else -1
    return RowOut.model_validate(_d().correct(principal, upload_id, number, body.cells, body.expect_version))


@endpoint(bp, "/data/uploads/{upload_id}/rejected", roles=ROLES, response=FileLink, tag=TAG,
          summary="The rows still rejected, with row, column, value and reason, as CSV for Excel (formula-safe)",
          errors=(404,))
def rejected_rows(principal: Principal, upload_id: str) -> FileLink:
    return FileLink.model_validate(_d().export_rejected(principal, upload_id))
