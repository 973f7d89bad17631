"""The preprocessing pipeline in the product stack: state machine and task Lambdas from the ASL file and tasks.json,
raw events -> EventBridge -> SQS -> the starter, the pseudonym key, the step's extra rights, Glue manifest tables,
views created at deploy, alarms on failed runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from mdap.catalog import load_catalog
from mdap.pipeline.contracts import load_contracts
from tests.infra.synthesis import Synthesized


@pytest.fixture(scope="module")
def product(product_synth: Synthesized) -> Template:
    return Template.from_json(product_synth.template)


def _resources(synth: Synthesized, kind: str) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in synth.template["Resources"].items() if r["Type"] == kind}


def _function(synth: Synthesized, handler: str) -> str:
    [logical] = [k for k, r in _resources(synth, "AWS::Lambda::Function").items()
                 if r["Properties"].get("Handler") == handler]
    return logical


def _role_statements(synth: Synthesized, function: str) -> list[dict[str, Any]]:
    role = synth.template["Resources"][function]["Properties"]["Role"]["Fn::GetAtt"][0]
    return [s for r in _resources(synth, "AWS::IAM::Policy").values() if {"Ref": role} in r["Properties"]["Roles"]
            for s in r["Properties"]["PolicyDocument"]["Statement"]]


def test_the_workflow_runs_on_step_functions_with_its_task_lambdas(product: Template,
                                                                   product_synth: Synthesized) -> None:
    product.has_resource_properties("AWS::StepFunctions::StateMachine", {
        "StateMachineName": "mdap-preprocessing", "StateMachineType": "STANDARD",
        "DefinitionSubstitutions": {"PipelineStep": {"Fn::GetAtt": [_function(product_synth,
                                                                              "mdap.pipeline.tasks.step"), "Arn"]}},
    })  # fmt: skip
    product.has_resource_properties("AWS::Lambda::Function", {
        "Handler": "mdap.pipeline.tasks.step", "Timeout": 900, "MemorySize": 2048,
        "Environment": {"Variables": Match.object_like({"POWERTOOLS_SERVICE_NAME": "PipelineStep",
                                                        "MDAP_PSEUDONYM_SECRET_ID": "mdap/pipeline/pseudonym-key"})},
    })  # fmt: skip
    sweeps = [r["Properties"] for r in _resources(product_synth, "AWS::Events::Rule").values()
              if "PipelineSweep" in json.dumps(r["Properties"].get("Targets", []))]
    assert len(sweeps) == 1 and sweeps[0].get("ScheduleExpression") == "rate(1 minute)"


def test_raw_objects_of_every_dataset_reach_the_starter_through_a_queue(product: Template,
                                                                        product_synth: Synthesized) -> None:
    prefixes = sorted(c.raw_prefix for c in load_contracts().values())
    product.has_resource_properties("AWS::Events::Rule", {"EventPattern": {
        "source": ["aws.s3"], "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": [Match.any_value()]}, "object": {"key": [{"prefix": p} for p in prefixes]}},
    }})  # fmt: skip
    [mapping] = _resources(product_synth, "AWS::Lambda::EventSourceMapping").values()
    assert mapping["Properties"]["FunctionName"] == {"Ref": _function(product_synth, "mdap.pipeline.tasks.start")}
    assert mapping["Properties"]["BatchSize"] == 100 and mapping["Properties"]["MaximumBatchingWindowInSeconds"] == 2
    assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    queue = mapping["Properties"]["EventSourceArn"]["Fn::GetAtt"][0]
    props = product_synth.template["Resources"][queue]["Properties"]
    assert props["VisibilityTimeout"] >= 900 and props["RedrivePolicy"]["maxReceiveCount"] == 5


def test_failed_runs_and_dead_letters_raise_alarms(product: Template, product_synth: Synthesized) -> None:
    product.has_resource_properties("AWS::CloudWatch::Alarm", {
        "MetricName": "PipelineRunsFailed", "Namespace": "MDAP", "Statistic": "Sum", "Threshold": 1,
        "Dimensions": [{"Name": "service", "Value": "PipelineStep"}],  # what Powertools adds in the Lambda
        "ComparisonOperator": "GreaterThanOrEqualToThreshold", "AlarmActions": [Match.any_value()],
    })  # fmt: skip
    [mapping] = _resources(product_synth, "AWS::Lambda::EventSourceMapping").values()
    queue = product_synth.template["Resources"][mapping["Properties"]["EventSourceArn"]["Fn::GetAtt"][0]]
    dlq = queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    assert any(a["Properties"].get("Dimensions") == [{"Name": "QueueName",
                                                      "Value": {"Fn::GetAtt": [dlq, "QueueName"]}}]
               for a in _resources(product_synth, "AWS::CloudWatch::Alarm").values())
    product.has_resource_properties("AWS::CloudWatch::Alarm", {"MetricName": "ExecutionsFailed"})


def test_the_pseudonym_key_is_generated_encrypted_and_read_by_the_step_only(product_synth: Synthesized) -> None:
    secrets = _resources(product_synth, "AWS::SecretsManager::Secret").items()
    [(secret, props)] = [(k, r["Properties"]) for k, r in secrets
                         if r["Properties"].get("Name") == "mdap/pipeline/pseudonym-key"]
    assert props["GenerateSecretString"]["PasswordLength"] >= 32 and "KmsKeyId" in props
    readers = [f for f in _resources(product_synth, "AWS::Lambda::Function")
               if any("secretsmanager:GetSecretValue" in json.dumps(s["Action"]) and secret in json.dumps(s["Resource"])
                      for s in _role_statements(product_synth, f))]
    assert readers == [_function(product_synth, "mdap.pipeline.tasks.step")]


def test_only_the_step_deletes_and_only_what_it_retired_or_its_work(product_synth: Synthesized) -> None:
    step = _function(product_synth, "mdap.pipeline.tasks.step")
    deleting = [f for f in _resources(product_synth, "AWS::Lambda::Function")
                if any("s3:DeleteObject" in json.dumps(s["Action"]) for s in _role_statements(product_synth, f))]
    assert step in deleting
    assert all(f == step or "framework" in f or "BucketDeployment" in f or "Custom" in f for f in deleting)
    [delete] = [s for s in _role_statements(product_synth, step) if s["Action"] == "s3:DeleteObject"]
    assert len(delete["Resource"]) == 3
    text = json.dumps(delete["Resource"])
    assert text.count("/curated/*") == 1 and text.count("/quarantine/rows/*") == 1 and text.count("/work/*") == 1


def test_curated_tables_are_read_by_athena_through_their_manifests(product: Template) -> None:
    for table in load_catalog().tables:
        if table.layout != "manifest":
            continue
        product.has_resource_properties("AWS::Glue::Table", {"TableInput": Match.object_like({
            "Name": table.name,
            "StorageDescriptor": Match.object_like({
                "InputFormat": "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat",
                "Location": {"Fn::Join": ["", Match.array_with([f"/{table.prefix}_symlink_format_manifest/"])]},
            }),
        })})  # fmt: skip


def test_views_are_created_by_athena_at_deploy_with_rights_on_their_names_only(product_synth: Synthesized) -> None:
    [views] = _resources(product_synth, "Custom::CatalogViews").values()
    assert len(views["Properties"]["Digest"]) == 64
    handler = _function(product_synth, "mdap.catalog.deploy.handler")
    [create] = [s for s in _role_statements(product_synth, handler) if "glue:CreateTable" in s["Action"]]
    named = {json.dumps(r).rsplit("/", 1)[-1].strip('"]}') for r in create["Resource"] if "table/" in json.dumps(r)}
    assert named == {view.name for view in load_catalog().views}


def test_the_operations_dashboard_shows_runs_failed_their_duration_and_quarantine(product_synth: Synthesized) -> None:
    [dashboard] = _resources(product_synth, "AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for title in ("Preprocessing runs", "Preprocessing run duration", "Quarantined rows by dataset"):
        assert title in body
    for metric in ("ExecutionsSucceeded", "ExecutionsFailed", "PipelineRunsFailed", "ExecutionTime"):
        assert f'\\"{metric}\\"' in body
    assert "SEARCH(" in body and "PipelineRowsQuarantined" in body and "dataset" in body
