"""The API's firewall (WAF, regional, on the API Gateway stage) and the secret that ties the API to CloudFront.

- Only CloudFront may call the API: it adds a secret origin header that every other caller lacks, so
  X-Forwarded-For, to which CloudFront appends the viewer's address, can be believed by the app
  (``MDAP_TRUSTED_PROXY_HOPS=1``) for its per-address log-in throttle.
- The same body limits as the app (``mdap.api.limits``): log-in, refresh and log-out bodies over 8 KiB are
  blocked here; the 1 MiB JSON limit is the app's own (WAF inspects at most the first 64 KiB of a body).
- A rate-based rule on ``/api/auth/``, AWS's common rule set and its known-bad-inputs rules.

Behind CloudFront the WAF sees CloudFront's addresses, so its rate rule is a coarse flood guard per edge
location; the precise limits per client address and per account are the app's (``mdap.identity.throttle``).
"""

from __future__ import annotations

from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from infra.nag import suppress
from mdap.api.limits import AUTH_BODY

ORIGIN_HEADER = "x-mdap-origin-verify"
_AUTH_PATH = "/api/auth/"


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True)


def _auth_path() -> wafv2.CfnWebACL.StatementProperty:
    return wafv2.CfnWebACL.StatementProperty(byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
        field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}), positional_constraint="STARTS_WITH",
        search_string=_AUTH_PATH,
        text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")]))


def _rule(name: str, priority: int, statement: wafv2.CfnWebACL.StatementProperty, *, block: bool = True
          ) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name, priority=priority, statement=statement, visibility_config=_visibility(name),
        action=wafv2.CfnWebACL.RuleActionProperty(block={}) if block else None)


def _managed(name: str, priority: int, *, count: tuple[str, ...] = ()) -> wafv2.CfnWebACL.RuleProperty:
    overrides = [wafv2.CfnWebACL.RuleActionOverrideProperty(
        name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})) for rule in count]
    return wafv2.CfnWebACL.RuleProperty(
        name=name, priority=priority, override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        visibility_config=_visibility(name),
        statement=wafv2.CfnWebACL.StatementProperty(managed_rule_group_statement=(
            wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name, rule_action_overrides=overrides or None))))


class ApiFirewall(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage_arn: str, name_prefix: str,
                 auth_requests_per_5min: int) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.origin_secret = secretsmanager.Secret(
            self, "OriginVerify", description="Header value CloudFront adds so the API accepts only its requests",
            generate_secret_string=secretsmanager.SecretStringGenerator(exclude_punctuation=True, password_length=48),
        )  # fmt: skip
        suppress(self.origin_secret, "SMG4", "Rotating the origin secret means updating CloudFront and the WAF "
                 "together; it is redeployed with the stack (documented in infra/README.md).")
        self.web_acl = wafv2.CfnWebACL(
            self, "WebAcl", name=f"{name_prefix}-api", scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(f"{name_prefix}-api"),
            rules=[
                _rule("OnlyThroughCloudFront", 0, self._without_origin_header()),
                _rule("AuthBodyLimit", 1, wafv2.CfnWebACL.StatementProperty(
                    and_statement=wafv2.CfnWebACL.AndStatementProperty(statements=[_auth_path(), self._body_over(
                        AUTH_BODY)]))),
                _rule("AuthRate", 2, wafv2.CfnWebACL.StatementProperty(
                    rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                        limit=auth_requests_per_5min, aggregate_key_type="IP", evaluation_window_sec=300,
                        scope_down_statement=_auth_path()))),
                # The common set blocks every body over 8 KiB; the JSON API takes 1 MiB (the app enforces it).
                _managed("AWSManagedRulesCommonRuleSet", 3, count=("SizeRestrictions_BODY",)),
                _managed("AWSManagedRulesKnownBadInputsRuleSet", 4),
            ],
        )  # fmt: skip
        wafv2.CfnWebACLAssociation(self, "OnApiStage", resource_arn=stage_arn, web_acl_arn=self.web_acl.attr_arn)

    def _without_origin_header(self) -> wafv2.CfnWebACL.StatementProperty:
        secret = self.origin_secret.secret_value.unsafe_unwrap()  # a {{resolve:secretsmanager}} reference
        matches = wafv2.CfnWebACL.StatementProperty(byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            # SingleHeader is a raw JSON object in CloudFormation's schema: its key is spelled as CFN does
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(single_header={"Name": ORIGIN_HEADER}),
            positional_constraint="EXACTLY", search_string=secret,
            text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")]))
        return wafv2.CfnWebACL.StatementProperty(not_statement=wafv2.CfnWebACL.NotStatementProperty(
            statement=matches))

    @staticmethod
    def _body_over(limit: int) -> wafv2.CfnWebACL.StatementProperty:
        size = wafv2.CfnWebACL.SizeConstraintStatementProperty(
            comparison_operator="GT", size=limit,
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                body=wafv2.CfnWebACL.BodyProperty(oversize_handling="MATCH")),  # bodies beyond inspection: too big
            text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")])
        return wafv2.CfnWebACL.StatementProperty(size_constraint_statement=size)
