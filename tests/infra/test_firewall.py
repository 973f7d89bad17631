"""The API's limits in AWS: WAF on the stage (CloudFront-only, auth body size, auth rate, AWS managed rules),
the platform's JSON refusals as API Gateway's own responses, and what log-out needs from Cognito."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk.assertions import Match, Template

from infra.parts.firewall import ORIGIN_HEADER
from mdap.api.limits import AUTH_BODY
from tests.infra.synthesis import Synthesized


def _rules(template: Template) -> dict[str, dict[str, Any]]:
    acls = template.find_resources("AWS::WAFv2::WebACL")
    assert len(acls) == 1
    acl = next(iter(acls.values()))["Properties"]
    assert acl["Scope"] == "REGIONAL" and acl["DefaultAction"] == {"Allow": {}}
    return {rule["Name"]: rule for rule in acl["Rules"]}


def test_web_acl_guards_the_api_stage(template: Template) -> None:
    template.has_resource_properties("AWS::WAFv2::WebACLAssociation", {
        "ResourceArn": Match.any_value(), "WebACLArn": {"Fn::GetAtt": [Match.any_value(), "Arn"]}})
    association = next(iter(template.find_resources("AWS::WAFv2::WebACLAssociation").values()))
    parts = association["Properties"]["ResourceArn"]["Fn::Join"][1]
    assert parts[-2] == "/stages/"
    stage = template.find_resources("AWS::ApiGateway::Stage")[parts[-1]["Ref"]]
    assert stage["Properties"]["StageName"] == "api"


def test_only_requests_through_cloudfront_reach_the_api(template: Template) -> None:
    rule = _rules(template)["OnlyThroughCloudFront"]
    assert rule["Action"] == {"Block": {}}
    match = rule["Statement"]["NotStatement"]["Statement"]["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": ORIGIN_HEADER}}
    secret_ref = json.dumps(match["SearchString"])
    assert "resolve:secretsmanager" in secret_ref
    origins = [o for d in template.find_resources("AWS::CloudFront::Distribution").values()
               for o in d["Properties"]["DistributionConfig"]["Origins"] if "CustomOriginConfig" in o]
    headers = [h for origin in origins for h in origin.get("OriginCustomHeaders", [])]
    assert [h["HeaderName"] for h in headers] == [ORIGIN_HEADER]
    assert json.dumps(headers[0]["HeaderValue"]) == secret_ref  # the same secret on both sides


def test_auth_bodies_are_limited_and_auth_requests_rate_limited(template: Template) -> None:
    rules = _rules(template)
    size = rules["AuthBodyLimit"]["Statement"]["AndStatement"]["Statements"]
    assert size[0]["ByteMatchStatement"]["SearchString"] == "/api/auth/"
    assert size[1]["SizeConstraintStatement"]["Size"] == AUTH_BODY
    assert size[1]["SizeConstraintStatement"]["FieldToMatch"] == {"Body": {"OversizeHandling": "MATCH"}}
    rate = rules["AuthRate"]["Statement"]["RateBasedStatement"]
    assert rate["Limit"] == 1000 and rate["EvaluationWindowSec"] == 300
    assert rate["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"] == "/api/auth/"


def test_aws_managed_rules_run_with_the_json_api_body_limit_left_to_the_app(template: Template) -> None:
    rules = _rules(template)
    common = rules["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    assert common["RuleActionOverrides"] == [{"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]
    assert "AWSManagedRulesKnownBadInputsRuleSet" in rules


def test_gateway_refusals_are_the_platforms_json(fixture_synth: Synthesized) -> None:
    api = next(r for r in fixture_synth.template["Resources"].values() if r["Type"] == "AWS::ApiGateway::RestApi")
    responses = api["Properties"]["Body"]["x-amazon-apigateway-gateway-responses"]
    for kind, code, status in (("UNAUTHORIZED", "unauthenticated", "401"), ("REQUEST_TOO_LARGE", "too_large", "413"),
                               ("UNSUPPORTED_MEDIA_TYPE", "unsupported_media_type", "415")):
        body = json.loads(responses[kind]["responseTemplates"]["application/json"])
        assert body["code"] == code and body["message"] and responses[kind]["statusCode"] == status
    assert json.loads(responses["DEFAULT_5XX"]["responseTemplates"]["application/json"])["code"] == "internal_error"


def test_api_may_end_sessions_and_list_users_in_its_own_pool(template: Template) -> None:
    template.has_resource_properties("AWS::IAM::Policy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Action": ["cognito-idp:ListUsers", "cognito-idp:AdminListGroupsForUser",
                                      "cognito-idp:AdminUserGlobalSignOut"],
                           "Resource": {"Fn::GetAtt": [Match.string_like_regexp("IdentityUserPool"), "Arn"]}}),
    ])}})  # fmt: skip
    template.has_resource_properties("AWS::Cognito::UserPoolClient", {
        "RefreshTokenValidity": 720, "TokenValidityUnits": Match.object_like({"RefreshToken": "minutes"}),
        "EnableTokenRevocation": True})
