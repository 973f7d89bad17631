"""SPICE ingestions on Amazon QuickSight (CreateIngestion, full refresh).

QuickSight refuses an ingestion id the data set already has (ResourceExistsException) and a refresh while one is
running or over the account's limits (LimitExceededException): both are "not started", which the refresh
treats as already done for the window. Throttling, permissions and missing data sets are the platform's errors
and propagate.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from mdap.bi.refresh import Ingestions

_NOT_STARTED = {"ResourceExistsException", "LimitExceededException"}


class QuickSightIngestions(Ingestions):
    def __init__(self, client: Any, account_id: str) -> None:
        self._quicksight = client
        self._account_id = account_id

    def start(self, data_set_id: str, ingestion_id: str) -> bool:
        try:
            self._quicksight.create_ingestion(AwsAccountId=self._account_id, DataSetId=data_set_id,
                                              IngestionId=ingestion_id, IngestionType="FULL_REFRESH")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _NOT_STARTED:
                return False
            raise
        return True
