"""Notifications in AWS: the SES sender identity, its configuration set, the settings and the send grant."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from infra.config import Options
from infra.parts.notifications import Notifications
from tests.infra.synthesis import Synthesized

PRODUCT_HANDLERS = ["app.app", "chalicelib.fixture_tasks.validate"]
ARRIVALS = "mdap.catalog.arrivals.handler"  # registers Glue partitions as raw objects land (infra/parts/arrivals.py)


def _only(template: Template, kind: str) -> tuple[str, Any]:
    found = template.find_resources(kind)
    assert len(found) == 1, sorted(found)
    return next(iter(found.items()))


def _role_statements(synthesized: Synthesized, handler: str) -> list[dict[str, Any]]:
    resources = synthesized.template["Resources"]
    (role,) = [r["Properties"]["Role"]["Fn::GetAtt"][0] for r in resources.values()
               if r["Type"] == "AWS::Lambda::Function" and r["Properties"].get("Handler") == handler]
    return [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
            and {"Ref": role} in r["Properties"]["Roles"] for s in r["Properties"]["PolicyDocument"]["Statement"]]


def _ses_actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
    return [a for a in actions if a.lower().startswith("ses:") or a == "*"]


def test_the_default_sender_address_is_an_ses_identity_in_a_configuration_set(template: Template) -> None:
    set_id, _ = _only(template, "AWS::SES::ConfigurationSet")
    template.has_resource_properties("AWS::SES::ConfigurationSet", {
        "Name": "mdap-notifications",
        "ReputationOptions": {"ReputationMetricsEnabled": True},
        "SendingOptions": {"SendingEnabled": True},
        "DeliveryOptions": Match.object_like({"TlsPolicy": "REQUIRE"}),
    })  # fmt: skip
    template.has_resource_properties("AWS::SES::EmailIdentity", {
        "EmailIdentity": Options().mail_from,
        "ConfigurationSetAttributes": {"ConfigurationSetName": {"Ref": set_id}},
    })  # fmt: skip


@pytest.mark.parametrize("handler", PRODUCT_HANDLERS)
def test_product_lambdas_are_told_the_sender_and_the_configuration_set(fixture_synth: Synthesized,
                                                                       handler: str) -> None:
    resources = fixture_synth.template["Resources"]
    (variables,) = [r["Properties"]["Environment"]["Variables"] for r in resources.values()
                    if r["Type"] == "AWS::Lambda::Function" and r["Properties"].get("Handler") == handler]
    set_id = next(k for k, r in resources.items() if r["Type"] == "AWS::SES::ConfigurationSet")
    assert variables["MDAP_MAIL_FROM"] == Options().mail_from
    assert variables["MDAP_SES_CONFIGURATION_SET"] == {"Ref": set_id}


@pytest.mark.parametrize("handler", PRODUCT_HANDLERS)
def test_product_lambdas_may_send_only_as_the_identity_through_the_set(fixture_synth: Synthesized,
                                                                      handler: str) -> None:
    ses = [s for s in _role_statements(fixture_synth, handler) if _ses_actions(s)]
    assert len(ses) == 1
    statement = ses[0]
    assert statement["Effect"] == "Allow" and _ses_actions(statement) == ["ses:SendEmail"]
    identity, configuration_set = statement["Resource"]
    identity_id = next(k for k, r in fixture_synth.template["Resources"].items()
                       if r["Type"] == "AWS::SES::EmailIdentity")
    assert f'"{identity_id}"' in json.dumps(identity) and ":identity/" in json.dumps(identity)
    assert ":configuration-set/" in json.dumps(configuration_set)
    assert "*" not in json.dumps(statement["Resource"])


def test_every_product_lambda_and_no_other_role_may_send_mail(fixture_synth: Synthesized) -> None:
    """Product Lambdas run the platform (and may notify); the partition registrar only registers Glue partitions."""
    resources = fixture_synth.template["Resources"]
    lambdas = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Lambda::Function"
               and r["Properties"].get("Environment", {}).get("Variables", {}).get("MDAP_PROFILE") == "aws"]
    product_roles = {p["Role"]["Fn::GetAtt"][0] for p in lambdas if p["Handler"] != ARRIVALS}
    registrar = {p["Role"]["Fn::GetAtt"][0] for p in lambdas if p["Handler"] == ARRIVALS}
    assert len(product_roles) >= len(PRODUCT_HANDLERS) and len(registrar) == 1
    senders = {role["Ref"] for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
               and any(_ses_actions(s) for s in r["Properties"]["PolicyDocument"]["Statement"])
               for role in r["Properties"]["Roles"]}
    assert senders == product_roles


def _stack_with(**kw: Any) -> Template:
    stack = cdk.Stack(cdk.App(), "Mail")
    Notifications(stack, "Notifications", name_prefix="mdap", **kw)
    return Template.from_stack(stack)


def test_a_sender_domain_can_be_the_identity_instead_of_the_address() -> None:
    template = _stack_with(mail_from="noreply@mail.example.kr", identity_domain="example.kr")
    template.has_resource_properties("AWS::SES::EmailIdentity", {"EmailIdentity": "example.kr"})


@pytest.mark.parametrize("kw", [{"mail_from": "noreply"}, {"mail_from": "noreply@example.kr\nBcc: x@y.kr"},
                                {"mail_from": "noreply@example.com", "identity_domain": "example.kr"}])
def test_a_sender_that_cannot_be_verified_is_refused_at_synth(kw: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="mail_from"):
        _stack_with(**kw)
