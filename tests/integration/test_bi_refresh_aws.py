"""The SPICE refresh on moto: QuickSight's CreateIngestion as botocore validates and moto answers it, and the
Lambda handler from its settings (MDAP_BI_*) to the ingestions started. Moto keeps no ingestions, so the
refusals of an id used twice or a busy data set are proved on an in-memory fake (tests/unit/bi/test_refresh.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import boto3
import pytest
from moto import mock_aws

from mdap.adapters.aws.quicksight import QuickSightIngestions
from mdap.bi import refresh as refresh_module

REGION = "ap-northeast-2"
ACCOUNT = "123456789012"  # moto's default account


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield


@dataclass
class LambdaContext:
    function_name: str = "mdap-bi-refresh"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:mdap-bi-refresh"
    aws_request_id: str = "request-1"


def test_quicksight_accepts_the_ingestion_the_adapter_requests(aws: None) -> None:
    ingestions = QuickSightIngestions(boto3.client("quicksight", region_name=REGION), ACCOUNT)
    assert ingestions.start("mdap-kpi-oee", refresh_module.window_id(datetime.now(UTC), 45))


def test_the_handler_refreshes_the_data_sets_of_its_settings(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDAP_BI_ACCOUNT_ID", ACCOUNT)
    monkeypatch.setenv("MDAP_BI_DATA_SET_IDS", "mdap-site-access,mdap-kpi-oee")
    monkeypatch.setenv("MDAP_BI_REFRESH_MINUTES", "45")
    event = {"source": "aws.states", "detail-type": "Step Functions Execution Status Change",
             "detail": {"status": "SUCCEEDED", "executionArn": f"arn:aws:states:{REGION}:{ACCOUNT}:execution:x:y"}}
    assert refresh_module.handler(event, LambdaContext()) == {"started": ["mdap-site-access", "mdap-kpi-oee"],
                                                              "skipped": []}  # fmt: skip


def test_the_handler_refuses_settings_without_an_account(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDAP_BI_ACCOUNT_ID", raising=False)
    monkeypatch.setenv("MDAP_BI_DATA_SET_IDS", "mdap-kpi-oee")
    with pytest.raises(ValueError, match="account_id"):
        refresh_module.handler({"detail": {}}, LambdaContext())
