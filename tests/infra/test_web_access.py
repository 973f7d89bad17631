"""The deployed web app can log in through the API's identity adapter and reach the API on its own origin."""

from __future__ import annotations

import json
import subprocess
from types import SimpleNamespace
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from infra.parts.identity_client import WEB_CLIENT_AUTH_FLOWS, WEB_CLIENT_READ_ATTRIBUTES
from mdap.adapters.aws.cognito import CognitoIdentity
from mdap.domain.identity import Principal
from tests.infra.synthesis import Synthesized

# What the SPA falls back to without /config.json (frontend/src/app/config.ts DEFAULT_CONFIG).
SPA_CONFIG = {"apiBase": "/api", "sessionWarningSeconds": 120}


class _Recorded(Exception):
    pass


def _adapter_auth_flows() -> set[str]:
    """The AuthFlow values the Cognito adapter sends, recorded from the adapter itself."""
    flows: set[str] = set()

    def initiate_auth(**kwargs: Any) -> dict[str, Any]:
        flows.add(kwargs["AuthFlow"])
        raise _Recorded

    errors = SimpleNamespace(NotAuthorizedException=KeyError, UserNotFoundException=KeyError,
                             TooManyRequestsException=KeyError)  # fmt: skip
    adapter = CognitoIdentity(SimpleNamespace(initiate_auth=initiate_auth, exceptions=errors), "client")
    with pytest.raises(_Recorded):
        adapter.authenticate("a@example.kr", "pw")
    with pytest.raises(_Recorded):
        adapter.reissue(Principal("sub", "a@example.kr", "a", frozenset()), "refresh")
    return flows


def test_web_client_allows_every_flow_the_identity_adapter_uses(template: Template) -> None:
    clients = template.find_resources("AWS::Cognito::UserPoolClient")
    assert len(clients) == 1
    allowed = next(iter(clients.values()))["Properties"]["ExplicitAuthFlows"]
    assert sorted(allowed) == sorted(WEB_CLIENT_AUTH_FLOWS)
    assert {f"ALLOW_{flow}" for flow in _adapter_auth_flows()} <= set(allowed)


def test_users_sign_in_by_email_and_id_tokens_carry_email_and_name(template: Template) -> None:
    template.has_resource_properties("AWS::Cognito::UserPool", {
        "UsernameAttributes": ["email"], "UsernameConfiguration": {"CaseSensitive": False},
    })  # fmt: skip
    template.has_resource_properties("AWS::Cognito::UserPoolClient", {
        "ReadAttributes": Match.array_with(list(WEB_CLIENT_READ_ATTRIBUTES)),
    })  # fmt: skip
    assert {"email", "name"} <= set(WEB_CLIENT_READ_ATTRIBUTES)


def _distribution(synthesized: Synthesized) -> dict[str, Any]:
    resources = synthesized.template["Resources"].values()
    found: list[dict[str, Any]] = [r["Properties"]["DistributionConfig"] for r in resources
                                   if r["Type"] == "AWS::CloudFront::Distribution"]
    assert len(found) == 1
    return found[0]


def _behaviour(config: dict[str, Any], pattern: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [b for b in config.get("CacheBehaviors", []) if b["PathPattern"] == pattern]
    assert len(matches) == 1, f"no CloudFront behaviour {pattern}"
    return matches[0]


def _origin(config: dict[str, Any], behaviour: dict[str, Any]) -> dict[str, Any]:
    return next(o for o in config["Origins"] if o["Id"] == behaviour["TargetOriginId"])


def test_api_is_reached_through_cloudfront_under_the_spa_api_base(fixture_synth: Synthesized) -> None:
    config = _distribution(fixture_synth)
    api = _behaviour(config, f"{SPA_CONFIG['apiBase']}/*")
    assert api["AllowedMethods"] == ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]
    assert api["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # managed CachingDisabled
    assert api["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AllViewerExceptHostHeader
    assert api["ViewerProtocolPolicy"] == "https-only" and "ResponseHeadersPolicyId" in api
    origin = _origin(config, api)
    assert "execute-api" in json.dumps(origin["DomainName"]) and "CustomOriginConfig" in origin
    # No origin path: /api/auth/login reaches stage "api", resource /auth/login (the Chalice route).
    assert not origin.get("OriginPath")
    stages = [r["Properties"] for r in fixture_synth.template["Resources"].values()
              if r["Type"] == "AWS::ApiGateway::Stage"]
    assert [f"/{s['StageName']}" for s in stages] == [SPA_CONFIG["apiBase"]]


def test_health_at_the_site_root_is_forwarded_to_the_api_stage(fixture_synth: Synthesized) -> None:
    config = _distribution(fixture_synth)
    health = _behaviour(config, "/health")
    assert _origin(config, health)["Id"] == _origin(config, _behaviour(config, "/api/*"))["Id"]
    assert _rewrite(_function_code(fixture_synth, health), ["/health"]) == ["/api/health"]


def _function_code(synthesized: Synthesized, behaviour: dict[str, Any]) -> str:
    (association,) = behaviour["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    logical = association["FunctionARN"]["Fn::GetAtt"][0]
    return str(synthesized.template["Resources"][logical]["Properties"]["FunctionCode"])


def test_spa_routes_fall_back_to_index_without_rewriting_api_errors(fixture_synth: Synthesized) -> None:
    config = _distribution(fixture_synth)
    # Distribution-wide error pages would turn the API's 403/404 into 200 index.html.
    assert "CustomErrorResponses" not in config
    code = _function_code(fixture_synth, config["DefaultCacheBehavior"])
    routes = ["/", "/applications/12", "/assets/index-x1.js", "/config.json", "/assets/font.subset-a.woff2"]
    assert _rewrite(code, routes) == ["/index.html", "/index.html", *routes[2:]]


def _rewrite(code: str, uris: list[str]) -> list[str]:
    """The URIs a CloudFront viewer-request function forwards, run by node (which synth needs anyway)."""
    script = f"{code}\nconsole.log(JSON.stringify({json.dumps(uris)}.map(u => handler({{request: {{uri: u}}}}).uri)));"
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    return list(json.loads(done.stdout))


def test_site_content_ships_the_runtime_config_next_to_the_frontend(fixture_synth: Synthesized) -> None:
    written = [json.loads(p.read_text()) for p in fixture_synth.outdir.glob("asset.*/config.json")]
    assert written == [SPA_CONFIG]
    site = [r["Properties"] for r in fixture_synth.template["Resources"].values()
            if r["Type"] == "Custom::CDKBucketDeployment" and "DistributionId" in r["Properties"]]
    assert len(site) == 1 and len(site[0]["SourceObjectKeys"]) == 2  # the built site and config.json together
