"""Catalog and query, identity, and the API built from the Chalice app's own routes."""

import json

from aws_cdk.assertions import Match, Template

from tests.infra.synthesis import Synthesized


def test_catalog_tables_become_glue_tables_over_their_zone(template: Template) -> None:
    template.resource_count_is("AWS::Glue::Database", 1)
    template.has_resource_properties("AWS::Glue::Table", {"TableInput": Match.object_like({
        "Name": "sensor_readings",
        "PartitionKeys": [{"Name": "site", "Type": "string"}, {"Name": "date", "Type": "string"}],
        "StorageDescriptor": Match.object_like({
            "Columns": Match.array_with([{"Name": "ts", "Type": "timestamp"}]),
            "Location": {"Fn::Join": ["", ["s3://", Match.any_value(), "/sensor_readings/"]]},
        }),
    })})  # fmt: skip


def test_athena_workgroup_enforces_encrypted_results_and_a_scan_limit(template: Template) -> None:
    template.has_resource_properties("AWS::Athena::WorkGroup", {"WorkGroupConfiguration": Match.object_like({
        "EnforceWorkGroupConfiguration": True, "BytesScannedCutoffPerQuery": 10 * 1024**3,
        "ResultConfiguration": {
            "OutputLocation": Match.any_value(),
            "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": Match.any_value()},
        },
    })})  # fmt: skip


def test_user_pool_has_a_group_per_role_and_guards_privileged_tokens(template: Template) -> None:
    groups = template.find_resources("AWS::Cognito::UserPoolGroup")
    assert sorted(g["Properties"]["GroupName"] for g in groups.values()) == [
        "admin", "applicant", "evaluator", "factory", "staff"]
    template.has_resource_properties("AWS::Cognito::UserPool", {
        "MfaConfiguration": "OPTIONAL", "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
        "LambdaConfig": {"PreTokenGeneration": Match.any_value()},
        "Policies": {"PasswordPolicy": Match.object_like({"MinimumLength": 12, "RequireSymbols": True})},
    })  # fmt: skip
    template.has_resource_properties("AWS::Cognito::UserPoolClient", {"GenerateSecret": False})
    template.has_resource_properties("AWS::Lambda::Function", {"Handler": "mfa_guard.handler"})


def test_api_serves_the_chalice_routes_behind_the_platform_user_pool(fixture_synth: Synthesized) -> None:
    apis = [r for r in fixture_synth.template["Resources"].values() if r["Type"] == "AWS::ApiGateway::RestApi"]
    assert len(apis) == 1
    body = apis[0]["Properties"]["Body"]
    assert set(body["paths"]) == {"/health", "/calls"}
    assert set(body["paths"]["/calls"]) == {"get", "post", "options"}
    authorizer = body["securityDefinitions"]["fixture-users"]["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "cognito_user_pools"
    assert "Fn::GetAtt" in json.dumps(authorizer["providerARNs"])  # the deployed pool, not the app's placeholder
    assert "Fn::GetAtt" in json.dumps(body["paths"]["/health"]["get"]["x-amazon-apigateway-integration"]["uri"])


def test_api_stage_logs_access_traces_and_throttles(template: Template) -> None:
    template.has_resource_properties("AWS::ApiGateway::Stage", {
        "StageName": "api", "TracingEnabled": True,
        "AccessLogSetting": {"DestinationArn": Match.any_value(), "Format": Match.any_value()},
        "MethodSettings": [Match.object_like({"LoggingLevel": "INFO", "ThrottlingRateLimit": 50,
                                              "ThrottlingBurstLimit": 100})],
    })  # fmt: skip
    template.has_resource_properties("AWS::Lambda::Function", {
        "Handler": "app.app", "Runtime": "python3.11", "Architectures": ["x86_64"],
        "TracingConfig": {"Mode": "Active"},
        "Environment": {"Variables": Match.object_like({"MDAP_PROFILE": "aws", "MDAP_TABLE_NAME": Match.any_value(),
                                                        "MDAP_USER_POOL_ID": Match.any_value(),
                                                        "MDAP_OBJECT_EVENTS_QUEUE_URL": Match.any_value()})},
    })  # fmt: skip


def test_product_api_lambda_gets_every_setting_the_app_reads(product_synth: Synthesized) -> None:
    from mdap.settings import Settings

    functions = [r["Properties"] for r in product_synth.template["Resources"].values()
                 if r["Type"] == "AWS::Lambda::Function" and r["Properties"].get("Handler") == "app.app"]
    assert len(functions) == 1
    provided = set(functions[0]["Environment"]["Variables"])
    # monitoring_evaluate_seconds: the local server's timer; in AWS an EventBridge rule runs the rules every minute
    local_only = {"data_dir", "token_minutes", "public_url", "trusted_proxy", "monitoring_evaluate_seconds"}
    wanted = {f"MDAP_{name.upper()}" for name in Settings.model_fields if name not in local_only}
    assert wanted <= provided, f"missing: {sorted(wanted - provided)}"
