"""Workflows from ASL files, edge components, hosting and observability."""

import json
from pathlib import Path

import pytest
from aws_cdk.assertions import Match, Template

from tests.infra.synthesis import Synthesized


def test_every_asl_file_becomes_a_standard_machine_with_full_logging(template: Template) -> None:
    template.resource_count_is("AWS::StepFunctions::StateMachine", 2)
    for name in ("mdap-preprocess", "mdap-selection_round"):
        template.has_resource_properties("AWS::StepFunctions::StateMachine", {
            "StateMachineName": name, "StateMachineType": "STANDARD", "TracingConfiguration": {"Enabled": True},
            "LoggingConfiguration": Match.object_like({"Level": "ALL", "IncludeExecutionData": True}),
        })  # fmt: skip


def test_placeholders_are_substituted_with_deployed_names(fixture_synth: Synthesized) -> None:
    resources = fixture_synth.template["Resources"].values()
    machines = {r["Properties"]["StateMachineName"]: r["Properties"]
                for r in resources if r["Type"] == "AWS::StepFunctions::StateMachine"}
    preprocess = machines["mdap-preprocess"]["DefinitionSubstitutions"]
    assert set(preprocess) == {"ValidateBatch", "TableName"}
    assert "Fn::GetAtt" in json.dumps(preprocess["ValidateBatch"])
    child = json.dumps(machines["mdap-selection_round"]["DefinitionSubstitutions"]["StateMachine.preprocess"])
    assert ":stateMachine:mdap-" in child and "preprocess" in child


def test_task_lambdas_carry_powertools_settings(template: Template) -> None:
    template.has_resource_properties("AWS::Lambda::Function", {
        "Handler": "chalicelib.fixture_tasks.validate", "Description": "Validate a raw batch",
        "Layers": [Match.any_value()],
        "Environment": {"Variables": Match.object_like({"POWERTOOLS_SERVICE_NAME": "ValidateBatch",
                        "POWERTOOLS_METRICS_NAMESPACE": "MDAP", "POWERTOOLS_LOG_LEVEL": "INFO"})},
    })  # fmt: skip


def test_unknown_placeholder_is_refused_at_synth(fixtures_dir: Path, tmp_path: Path) -> None:
    from infra.parts.workflows import Workflows

    asl = tmp_path / "bad.asl.json"
    asl.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${Nope}", "End": True}}}))
    machines = Workflows.__new__(Workflows)  # only the substitution logic is under test
    machines.task_functions, machines._machine_names, machines._prefix = {}, {"bad"}, "mdap"
    with pytest.raises(ValueError, match=r"bad.asl.json: unknown placeholder \$\{Nope\}"):
        machines._substitutions(asl)


def test_edge_components_are_versioned_with_uploaded_artifacts_and_deployed(template: Template) -> None:
    versions = template.find_resources("AWS::GreengrassV2::ComponentVersion")
    assert len(versions) == 1
    recipe = json.dumps(next(iter(versions.values()))["Properties"]["InlineRecipe"])
    assert "com.mdap.FixtureCollector" in recipe
    assert "/components/com.mdap.FixtureCollector/1.0.0/fixture-bundle.zip" in recipe  # built by its gdk build
    template.has_resource_properties("AWS::GreengrassV2::Deployment", {
        "TargetArn": {"Fn::Join": ["", Match.array_with([Match.string_like_regexp(":thinggroup/mdap-edge")])]},
        "Components": {"com.mdap.FixtureCollector": {"ComponentVersion": "1.0.0"}},
    })  # fmt: skip
    template.has_resource_properties("AWS::IoT::RoleAlias", {"RoleAlias": "mdap-edge-token-exchange"})


def _token_exchange_statements(template: dict) -> list[dict]:  # type: ignore[type-arg]
    roles = [k for k, r in template["Resources"].items() if r["Type"] == "AWS::IAM::Role"
             and "credentials.iot.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])]
    assert len(roles) == 1
    policies = [r["Properties"]["PolicyDocument"]["Statement"] for r in template["Resources"].values()
                if r["Type"] == "AWS::IAM::Policy" and {"Ref": roles[0]} in r["Properties"]["Roles"]]
    return [statement for statements in policies for statement in statements]


def test_token_exchange_role_writes_only_its_own_site_prefix(fixture_synth: Synthesized) -> None:
    statements = _token_exchange_statements(fixture_synth.template)
    objects = [s for s in statements if "s3:PutObject" in s["Action"]]
    assert len(objects) == 1 and objects[0]["Action"] == ["s3:PutObject", "s3:GetObject"]
    assert "/fixture_readings/site=${credentials-iot:ThingName}/*" in json.dumps(objects[0]["Resource"])


def test_token_exchange_role_writes_only_its_own_sites_status_and_reads_its_own_secrets(
        fixture_synth: Synthesized) -> None:
    statements = _token_exchange_statements(fixture_synth.template)
    [status] = [s for s in statements if "dynamodb:PutItem" in s["Action"]]
    assert status["Action"] == ["dynamodb:GetItem", "dynamodb:PutItem"]
    assert status["Condition"] == {"ForAllValues:StringEquals": {
        "dynamodb:LeadingKeys": ["EDGE#${credentials-iot:ThingName}"]}}
    [secrets] = [s for s in statements if s["Action"] == "secretsmanager:GetSecretValue"]
    assert ":secret:mdap-edge/${credentials-iot:ThingName}/*" in json.dumps(secrets["Resource"])


def test_site_is_private_behind_cloudfront_with_security_headers(template: Template) -> None:
    template.resource_count_is("AWS::CloudFront::OriginAccessControl", 1)
    template.has_resource_properties("AWS::CloudFront::Distribution", {"DistributionConfig": Match.object_like({
        "DefaultRootObject": "index.html", "Logging": Match.any_value(),
        "DefaultCacheBehavior": Match.object_like({"ViewerProtocolPolicy": "redirect-to-https",
                                                   "ResponseHeadersPolicyId": Match.any_value()}),
    })})  # fmt: skip
    template.resource_count_is("Custom::CDKBucketDeployment", 2)  # site content and edge artifacts


def test_alarms_cover_failures_errors_throttles_dead_letters_and_silent_devices(template: Template) -> None:
    lambdas, machines = 5, 2  # API, two tasks, the MFA guard, partition arrivals
    template.resource_count_is("AWS::CloudWatch::Alarm", machines + 2 * lambdas + 1 + 1)
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "MetricName": "EdgeHeartbeats", "Namespace": "MDAP", "TreatMissingData": "breaching",
        "ComparisonOperator": "LessThanThreshold", "AlarmActions": [Match.any_value()],
    })  # fmt: skip
    template.has_resource_properties("AWS::CloudWatch::Alarm", {"MetricName": "ExecutionsFailed"})
    template.has_resource_properties("AWS::SNS::Topic", {"KmsMasterKeyId": Match.any_value()})
    template.resource_count_is("AWS::CloudWatch::Dashboard", 1)


def test_product_deploys_site_content_only_when_the_frontend_is_built(product_synth: Synthesized) -> None:
    from tests.infra.synthesis import REPO

    deployments = [r for r in product_synth.template["Resources"].values()
                   if r["Type"] == "Custom::CDKBucketDeployment"]
    site = (REPO / "frontend" / "dist" / "index.html").exists()
    edge_uploads = len([recipe for recipe in (REPO / "edge_greengrass").glob("*/recipe.yaml")
                        if (recipe.parent / "gdk-config.json").exists() or (recipe.parent / "artifacts").is_dir()])
    assert len(deployments) == int(site) + edge_uploads


def test_the_program_workflows_and_their_task_lambdas_are_in_the_product_stack(product_synth: Synthesized) -> None:
    resources = list(product_synth.template["Resources"].values())
    machines = {r["Properties"]["StateMachineName"] for r in resources
                if r["Type"] == "AWS::StepFunctions::StateMachine"}
    assert {f"mdap-{name}" for name in ("selection_round", "project", "project_term", "project_closing",
                                        "plan_change", "obligation", "clawback")} <= machines
    handlers = {r["Properties"]["Handler"] for r in resources if r["Type"] == "AWS::Lambda::Function"}
    assert {"mdap.program.tasks.open_approval", "mdap.program.tasks.round_step", "mdap.program.tasks.project_step",
            "mdap.program.tasks.clawback_step", "mdap.program.tasks.send_reminders"} <= handlers
    hourly = [r for r in resources if r["Type"] == "AWS::Events::Rule"
              and r["Properties"].get("ScheduleExpression") == "rate(1 hour)"]
    assert len(hourly) == 1
    assert json.loads(hourly[0]["Properties"]["Targets"][0]["Input"]) == {"action": "scheduled"}
