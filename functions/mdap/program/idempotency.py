"""Powertools Idempotency kept in the Table port: a task retried by Step Functions applies once, in both
profiles (DynamoDB in AWS, SQLite locally), with Powertools' own protocol (INPROGRESS, COMPLETED, expiry)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.idempotency import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord

from mdap.ports.errors import ConditionFailed
from mdap.ports.table import Table

_INPROGRESS = "INPROGRESS"


class TablePersistence(BasePersistenceLayer):
    """``table`` may be a callable giving the Table: handlers are imported before the container exists."""

    def __init__(self, table: Table | Callable[[], Table]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._source = table

    @property
    def _table(self) -> Table:
        return self._source if isinstance(self._source, Table) else self._source()

    @staticmethod
    def _key(idempotency_key: str) -> tuple[str, str]:
        return f"IDEMPOTENCY#{idempotency_key}", "RECORD"

    def _get_record(self, idempotency_key: str) -> DataRecord:
        item = self._table.get(*self._key(idempotency_key))
        if item is None:
            raise IdempotencyItemNotFoundError
        return _record(idempotency_key, item.data)

    def _put_record(self, data_record: DataRecord) -> None:
        key = self._key(data_record.idempotency_key)
        item = self._table.get(*key)
        if item is not None and not _replaceable(item.data):
            raise IdempotencyItemAlreadyExistsError(old_data_record=_record(data_record.idempotency_key, item.data))
        try:
            self._table.put(*key, _data(data_record), expect_version=item.version if item else 0)
        except ConditionFailed:  # another invocation took the key between our read and write
            raise IdempotencyItemAlreadyExistsError from None

    def _update_record(self, data_record: DataRecord) -> None:
        self._table.put(*self._key(data_record.idempotency_key), _data(data_record))

    def _delete_record(self, data_record: DataRecord) -> None:
        self._table.delete(*self._key(data_record.idempotency_key))


def _replaceable(data: Any) -> bool:
    """As Powertools' DynamoDB layer: an expired record, or an INPROGRESS one whose invocation timed out."""
    now = time.time()
    if int(data["expires_at"]) < now:
        return True
    in_progress_until = data.get("in_progress_expiry")
    return bool(data["status"] == _INPROGRESS and in_progress_until is not None
                and int(in_progress_until) < now * 1000)


def _data(record: DataRecord) -> dict[str, Any]:
    return {"status": record.status, "expires_at": record.expiry_timestamp,
            "in_progress_expiry": record.in_progress_expiry_timestamp, "response": record.response_data or "",
            "payload_hash": record.payload_hash or ""}


def _record(idempotency_key: str, data: Any) -> DataRecord:
    return DataRecord(idempotency_key=idempotency_key, status=data["status"], expiry_timestamp=data["expires_at"],
                      in_progress_expiry_timestamp=data.get("in_progress_expiry"),
                      response_data=data.get("response", ""), payload_hash=data.get("payload_hash", ""))
