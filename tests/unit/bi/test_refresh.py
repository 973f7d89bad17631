"""SPICE refresh after pipeline runs: at most one ingestion per data set per window, skips for a data set still
ingesting, platform errors raised. The QuickSight client is an in-memory fake holding each data set's
ingestions, refusing what QuickSight refuses (moto accepts CreateIngestion but keeps nothing, so the refusals
are proved here; tests/integration/test_bi_refresh_aws.py runs the adapter and the handler on moto)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from mdap.adapters.aws.quicksight import QuickSightIngestions
from mdap.bi.refresh import refresh, window_id

ACCOUNT = "123456789012"
DATA_SETS = ["mdap-site-access", "mdap-kpi-oee", "mdap-sensor-rollup-1m"]
T0 = datetime.fromtimestamp(45 * 60 * 640_000, UTC)  # 2024-10-04 00:00 UTC: a 45-minute window starts


class FakeQuickSight:
    """CreateIngestion over data sets held in memory: an id a data set already has, or a data set still
    ingesting, is refused as QuickSight refuses it; an unknown data set is not found."""

    def __init__(self, data_sets: list[str]) -> None:
        self.ingestions: dict[str, list[str]] = {name: [] for name in data_sets}
        self.busy: set[str] = set()

    def create_ingestion(self, *, AwsAccountId: str, DataSetId: str, IngestionId: str,
                         IngestionType: str) -> dict[str, Any]:  # fmt: skip
        assert AwsAccountId == ACCOUNT and IngestionType == "FULL_REFRESH"
        if DataSetId not in self.ingestions:
            raise _error("ResourceNotFoundException")
        if IngestionId in self.ingestions[DataSetId]:
            raise _error("ResourceExistsException")
        if DataSetId in self.busy:
            raise _error("LimitExceededException")
        self.ingestions[DataSetId].append(IngestionId)
        return {"IngestionId": IngestionId, "IngestionStatus": "INITIALIZED"}


def _error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "CreateIngestion")


@pytest.fixture
def quicksight() -> FakeQuickSight:
    return FakeQuickSight(DATA_SETS)


def test_the_first_run_of_a_window_refreshes_every_data_set_and_later_runs_skip(quicksight: FakeQuickSight) -> None:
    ingestions = QuickSightIngestions(quicksight, ACCOUNT)
    first = refresh(ingestions, DATA_SETS, T0 + timedelta(minutes=1), 45)
    again = refresh(ingestions, DATA_SETS, T0 + timedelta(minutes=30), 45)
    assert first.started == tuple(DATA_SETS) and not first.skipped
    assert again.skipped == tuple(DATA_SETS) and not again.started
    assert all(len(ids) == 1 for ids in quicksight.ingestions.values())


def test_the_first_run_of_the_next_window_refreshes_again(quicksight: FakeQuickSight) -> None:
    ingestions = QuickSightIngestions(quicksight, ACCOUNT)
    refresh(ingestions, DATA_SETS, T0 + timedelta(minutes=1), 45)
    later = refresh(ingestions, DATA_SETS, T0 + timedelta(minutes=46), 45)
    assert later.started == tuple(DATA_SETS)
    assert all(len(set(ids)) == 2 for ids in quicksight.ingestions.values())


def test_a_data_set_still_ingesting_is_skipped_and_the_others_start(quicksight: FakeQuickSight) -> None:
    quicksight.busy.add("mdap-sensor-rollup-1m")
    done = refresh(QuickSightIngestions(quicksight, ACCOUNT), DATA_SETS, T0, 45)
    assert done.started == ("mdap-site-access", "mdap-kpi-oee") and done.skipped == ("mdap-sensor-rollup-1m",)


def test_a_data_set_quicksight_does_not_know_is_an_error_not_a_skip(quicksight: FakeQuickSight) -> None:
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        refresh(QuickSightIngestions(quicksight, ACCOUNT), [*DATA_SETS, "mdap-gone"], T0, 45)


def test_window_ids_are_valid_ingestion_ids_shared_within_a_window_only() -> None:
    start = T0
    assert window_id(start, 45) == window_id(start + timedelta(minutes=44, seconds=59), 45)
    assert window_id(start, 45) != window_id(start + timedelta(minutes=45), 45)
    assert window_id(start, 45) != window_id(start - timedelta(seconds=1), 45)
    assert re.fullmatch(r"[a-zA-Z0-9-_]{1,128}", window_id(start, 45))  # CreateIngestion's IngestionId pattern
