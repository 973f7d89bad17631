"""Product Lambdas get what the mdap adapters call, and nothing that deletes data or rewrites the catalog."""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any

import pytest

from tests.infra.synthesis import Synthesized

# Actions no product Lambda may hold, matched against every granted action (wildcards included).
FORBIDDEN = ("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration",
             "glue:UpdateTable", "glue:CreatePartition", "glue:BatchCreatePartition", "glue:DeleteTable",
             "glue:CreateTable", "sqs:ReceiveMessage", "sqs:DeleteMessage", "kms:ScheduleKeyDeletion")


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


def _statements(synthesized: Synthesized, handler: str) -> list[dict[str, Any]]:
    """Every statement of the identity policies attached to the role of the Lambda with this handler."""
    resources = synthesized.template["Resources"]
    (role,) = [r["Properties"]["Role"]["Fn::GetAtt"][0] for r in resources.values()
               if r["Type"] == "AWS::Lambda::Function" and r["Properties"].get("Handler") == handler]
    return [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
            and {"Ref": role} in r["Properties"]["Roles"] for s in r["Properties"]["PolicyDocument"]["Statement"]]


def _granted(statements: list[dict[str, Any]], action: str, resource_hint: str) -> bool:
    return any(fnmatchcase(action, granted) and resource_hint in json.dumps(s["Resource"])
               for s in statements if s["Effect"] == "Allow" for granted in _actions(s))


def _bucket_ref(synthesized: Synthesized, zone: str) -> str:
    (logical,) = [k for k, r in synthesized.template["Resources"].items() if r["Type"] == "AWS::S3::Bucket"
                  and f"s3/{zone}/" in json.dumps(r["Properties"].get("LoggingConfiguration", {}))]
    return str(logical)


HANDLERS = ["app.app", "chalicelib.fixture_tasks.validate"]


@pytest.mark.parametrize("handler", HANDLERS)
def test_product_lambdas_cannot_delete_objects_or_change_the_catalog(fixture_synth: Synthesized,
                                                                    handler: str) -> None:
    statements = _statements(fixture_synth, handler)
    assert statements
    broad = [(granted, forbidden) for s in statements if s["Effect"] == "Allow" for granted in _actions(s)
             for forbidden in FORBIDDEN if fnmatchcase(forbidden, granted)]
    assert broad == []


@pytest.mark.parametrize("handler", HANDLERS)
def test_product_lambdas_read_and_put_objects_of_every_data_zone(fixture_synth: Synthesized, handler: str) -> None:
    statements = _statements(fixture_synth, handler)
    for zone in ("raw", "curated", "documents", "quarantine", "athena_results"):
        bucket = _bucket_ref(fixture_synth, zone)
        assert _granted(statements, "s3:GetObject", bucket), zone
        assert _granted(statements, "s3:PutObject", bucket), zone
        assert _granted(statements, "s3:ListBucket", bucket), zone


@pytest.mark.parametrize("handler", HANDLERS)
def test_product_lambdas_query_run_workflows_and_use_the_table(fixture_synth: Synthesized, handler: str) -> None:
    statements = _statements(fixture_synth, handler)
    table = next(k for k, r in fixture_synth.template["Resources"].items() if r["Type"] == "AWS::DynamoDB::Table")
    for action, hint in [("dynamodb:PutItem", table), ("dynamodb:Query", table), ("dynamodb:DeleteItem", table),
                         ("athena:StartQueryExecution", ":workgroup/"), ("glue:GetTable", ":table/"),
                         ("glue:GetPartitions", ":table/"), ("states:StartExecution", ":stateMachine:"),
                         ("states:DescribeExecution", ":execution:"), ("states:StopExecution", ":execution:"),
                         ("states:SendTaskSuccess", "*"), ("kms:Decrypt", "DataKey"),
                         ("kms:GenerateDataKey", "DataKey")]:  # fmt: skip
        assert _granted(statements, action, hint), action
