"""API: the Chalice app behind API Gateway, from the swagger Chalice itself generates for its routes.

This mirrors ``chalice package``: same OpenAPI document (routes, CORS, binary types, authorizers), the app
object ``app.app`` as the handler, only the Lambda ARN and the Cognito pool ARN filled in by CDK.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from aws_cdk import Aws
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from chalice.app import Chalice
from chalice.deploy.swagger import SwaggerGenerator
from constructs import Construct

from infra.nag import suppress
from infra.parts.functions import ProductFunctions
from mdap.api.refusals import REFUSALS

# Also the path the site serves the API under (infra/parts/hosting.py): /api/x is stage "api", route /x.
STAGE_NAME = "api"
# API Gateway's own refusals, answered in the platform's JSON shape (the local gateway uses the same table).
GATEWAY_RESPONSES = {
    "UNAUTHORIZED": "unauthenticated", "ACCESS_DENIED": "access_denied", "WAF_FILTERED": "access_denied",
    "MISSING_AUTHENTICATION_TOKEN": "unknown_route", "REQUEST_TOO_LARGE": "too_large",
    "UNSUPPORTED_MEDIA_TYPE": "unsupported_media_type", "THROTTLED": "too_many_requests",
    "DEFAULT_4XX": "bad_request", "DEFAULT_5XX": "internal_error",
}


def gateway_responses() -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for kind, code in GATEWAY_RESPONSES.items():
        status, ko, en = REFUSALS[code]
        body = json.dumps({"code": code, "message": ko, "message_en": en}, ensure_ascii=False)
        responses[kind] = {"responseTemplates": {"application/json": body},
                           "responseParameters": {"gatewayresponse.header.Content-Type": "'application/json'"}}
        if not kind.startswith("DEFAULT_"):
            responses[kind]["statusCode"] = str(status)
    return responses


class _CdkSwagger(SwaggerGenerator):
    def __init__(self, function_arn: str) -> None:
        super().__init__(region=Aws.REGION, deployed_resources={})
        self._function_arn = function_arn

    def _uri(self, lambda_arn: str | None = None) -> str:
        return (f"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}:lambda:path/2015-03-31/functions/"
                f"{self._function_arn}/invocations")  # fmt: skip

    def _auth_uri(self, authorizer: Any) -> str:
        raise ValueError(f"authorizer {authorizer.name!r}: Lambda authorizers are not deployed; use Cognito")


def load_chalice_app(project_dir: Path) -> Chalice:
    """Import the project's app.py the way Lambda does (project dir first on sys.path)."""
    sys.path.insert(0, str(project_dir))
    try:
        spec = importlib.util.spec_from_file_location(f"_chalice_app_{abs(hash(project_dir))}",
                                                      project_dir / "app.py")  # fmt: skip
        if spec is None or spec.loader is None:
            raise ValueError(f"{project_dir}/app.py is missing: it must define the Chalice `app`")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(project_dir))
    if not isinstance(getattr(module, "app", None), Chalice):
        raise ValueError(f"{project_dir}/app.py must define `app = Chalice(...)` (or import it)")
    chalice_app: Chalice = module.app
    return chalice_app


def swagger_for(app: Chalice, *, function_arn: str, user_pool_arn: str) -> dict[str, Any]:
    """Chalice's own OpenAPI document with every Cognito authorizer bound to the platform's user pool."""
    if app.event_sources or app.pure_lambda_functions or app.websocket_handlers:
        raise ValueError("the Chalice app has non-HTTP handlers; deploy them as task Lambdas in tasks.json")
    document: dict[str, Any] = _CdkSwagger(function_arn).generate_swagger(app)
    document["x-amazon-apigateway-gateway-responses"] = gateway_responses()
    for definition in document.get("securityDefinitions", {}).values():
        authorizer = definition.get("x-amazon-apigateway-authorizer", {})
        if authorizer.get("type") == "cognito_user_pools":
            authorizer["providerARNs"] = [user_pool_arn]
    return document


class Api(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, project_dir: Path, functions: ProductFunctions,
        user_pool_arn: str, rate_limit: int, burst_limit: int,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        app = load_chalice_app(project_dir)
        self.stage_name = STAGE_NAME
        self.function = functions.add(
            "ApiHandler", handler="app.app", description=f"Chalice app {app.app_name}", service="api"
        )
        access_logs = logs.LogGroup(self, "AccessLogs", retention=logs.RetentionDays.ONE_YEAR)
        self.rest_api = apigw.SpecRestApi(
            self, "RestApi", cloud_watch_role=True,
            api_definition=apigw.ApiDefinition.from_inline(
                swagger_for(app, function_arn=self.function.function_arn, user_pool_arn=user_pool_arn)
            ),
            endpoint_types=[apigw.EndpointType.REGIONAL],
            deploy_options=apigw.StageOptions(
                stage_name=self.stage_name, tracing_enabled=True, metrics_enabled=True,
                logging_level=apigw.MethodLoggingLevel.INFO, data_trace_enabled=False,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False, http_method=True, ip=True, protocol=True, request_time=True,
                    resource_path=True, response_length=True, status=True, user=True,
                ),
                throttling_rate_limit=rate_limit, throttling_burst_limit=burst_limit,
            ),
        )  # fmt: skip
        self.function.add_permission(
            "InvokeByApiGateway", principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
            source_arn=self.rest_api.arn_for_execute_api(), action="lambda:InvokeFunction",
        )  # fmt: skip
        self._suppressions()

    def _suppressions(self) -> None:
        suppress(self.rest_api, "APIG2", "Requests are validated in the Chalice app by pydantic models at the "
                 "edge, with domain errors mapped to 4xx; API Gateway models would duplicate them.")
        suppress(self.rest_api, "IAM4", "The account-level API Gateway logging role uses the AWS managed "
                 "AmazonAPIGatewayPushToCloudWatchLogs policy, scoped to log delivery only.",
                 applies_to=["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                             "AmazonAPIGatewayPushToCloudWatchLogs"])  # fmt: skip

