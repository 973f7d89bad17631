"""The aws profile wires the AWS adapters from settings alone (on moto) and the API reports them healthy."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

from mdap.adapters.aws.dynamodb import create_dynamo_table
from mdap.api.app import app
from mdap.api.deps import set_container
from mdap.bootstrap import ZONES, Container, bootstrap
from mdap.settings import load_settings

REGION = "ap-northeast-2"


@pytest.fixture
def aws_container(monkeypatch: pytest.MonkeyPatch) -> Iterator[Container]:
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        for zone in ZONES:
            s3.create_bucket(Bucket=f"test-{zone}", CreateBucketConfiguration={"LocationConstraint": REGION})
        create_dynamo_table(boto3.client("dynamodb", region_name=REGION), "test-table")
        queue = boto3.client("sqs", region_name=REGION).create_queue(QueueName="events")["QueueUrl"]
        settings = load_settings(profile="aws", table_name="test-table", object_events_queue_url=queue,
                                 **{f"{zone}_bucket": f"test-{zone}" for zone in ZONES})
        container = bootstrap(settings)
        set_container(container)
        yield container
        set_container(None)


def test_aws_profile_uses_the_aws_adapters(aws_container: Container) -> None:
    assert type(aws_container.table).__name__ == "DynamoTable"
    assert {type(store).__name__ for store in aws_container.blobs.values()} == {"S3BlobStore"}
    aws_container.blobs["raw"].put("site=s1/probe.txt", "한글".encode())
    assert aws_container.blobs["raw"].get("site=s1/probe.txt").decode() == "한글"


def test_health_through_the_chalice_app_reports_the_aws_profile(aws_container: Container) -> None:
    with Client(app) as client:
        reply = client.http.get("/health")
    body = json.loads(reply.body)
    assert reply.status_code == 200, body
    assert body["profile"] == "aws"
    assert body["components"]["table"]["state"] == "up"


def test_protected_route_without_authorizer_claims_is_refused(aws_container: Container) -> None:
    with Client(app) as client:
        reply = client.http.get("/me")
    assert reply.status_code == 401
