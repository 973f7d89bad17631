"""Monitoring in the CDK app: the scheduled alarm evaluation from tasks.json, and the factory role with its site
attribute in the user pool (read by the web client, never written by users)."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk.assertions import Match, Template

from tests.infra.synthesis import Synthesized


def _resources(synth: Synthesized, kind: str) -> dict[str, Any]:
    return {k: r for k, r in synth.template["Resources"].items() if r["Type"] == kind}


def test_the_pool_has_a_factory_group_and_a_site_attribute_users_cannot_write(template: Template) -> None:
    template.has_resource_properties("AWS::Cognito::UserPoolGroup", {"GroupName": "factory"})
    template.has_resource_properties("AWS::Cognito::UserPool", {"Schema": Match.array_with([{
        "AttributeDataType": "String", "Mutable": True, "Name": "site",
        "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "63"}}])})
    clients = template.find_resources("AWS::Cognito::UserPoolClient")
    [client] = [c["Properties"] for c in clients.values()]
    assert "custom:site" in client["ReadAttributes"]
    assert "custom:site" not in client["WriteAttributes"] and client["WriteAttributes"]


def test_the_api_may_set_a_users_site_and_groups(fixture_synth: Synthesized) -> None:
    actions: set[str] = set()
    for policy in _resources(fixture_synth, "AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            wanted = statement["Action"]
            actions.update([wanted] if isinstance(wanted, str) else wanted)
    assert {"cognito-idp:AdminUpdateUserAttributes", "cognito-idp:AdminDeleteUserAttributes",
            "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminCreateUser"} <= actions


def test_the_alarm_rules_run_every_minute_as_a_lambda(product_synth: Synthesized) -> None:
    functions = {k: r["Properties"] for k, r in _resources(product_synth, "AWS::Lambda::Function").items()}
    [name] = [k for k, p in functions.items() if p["Handler"] == "mdap.monitoring.tasks.evaluate"]
    rules = [r["Properties"] for r in _resources(product_synth, "AWS::Events::Rule").values()
             if name in json.dumps(r["Properties"].get("Targets", []))]
    assert len(rules) == 1 and rules[0]["ScheduleExpression"] == "rate(1 minute)"
    assert json.loads(rules[0]["Targets"][0]["Input"]) == {"action": "scheduled"}
