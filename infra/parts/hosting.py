"""Hosting: the built frontend in a private bucket behind CloudFront (origin access control, security headers).

The same distribution fronts the API, so the SPA calls it on its own origin: ``/api/*`` goes to API Gateway
unchanged and, the stage being named ``api``, ``/api/auth/login`` is stage ``api``, Chalice route
``/auth/login``. No path rewriting is needed for it; ``/health`` at the site root is prefixed with the stage.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.nag import suppress

SESSION_WARNING_SECONDS = 120  # how long before expiry the SPA offers to extend the session
# Paths of the single-page app (no file extension) are its routes: index.html serves them. Done per request
# rather than with distribution-wide error pages, which would turn the API's 403/404 into 200 index.html.
_SPA_ROUTES = """function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) { request.uri = '/index.html'; }
  return request;
}"""
_STAGE_PREFIX = """function handler(event) {
  var request = event.request;
  request.uri = '%s' + request.uri;
  return request;
}"""


class Hosting(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, dist_dir: Path, access_logs: s3.IBucket,
        rest_api: apigw.RestApiBase, api_stage: str, origin_headers: dict[str, str],
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.api_base = f"/{api_stage}"  # the stage's deployed name (a literal, not a token)
        # SSE-S3, not the data key: the site is public static content and OAC reads it without KMS grants.
        self.bucket = s3.Bucket(
            self, "Site", encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            server_access_logs_bucket=access_logs, server_access_logs_prefix="s3/site/",
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        headers = cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS
        self.distribution = cloudfront.Distribution(
            self, "Distribution", default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=headers, function_associations=[self._function("SpaRoutes", _SPA_ROUTES)],
            ),
            enable_logging=True, log_bucket=access_logs, log_file_prefix="cloudfront/",
        )  # fmt: skip
        self._route_api(rest_api, headers, origin_headers)
        suppress(self.distribution, "CFR1", "No geo restriction: applicants may apply from abroad.")
        suppress(self.distribution, "CFR2", "WAF for CloudFront lives in us-east-1; attaching one is an "
                 "operator choice per deployment.")
        suppress(self.distribution, "CFR4", "The default *.cloudfront.net certificate allows TLSv1; a custom "
                 "domain with an ACM certificate and TLSv1.2_2021 is an operator choice at deploy time.")
        self._deploy_site(dist_dir)

    def _function(self, construct_id: str, code: str) -> cloudfront.FunctionAssociation:
        function = cloudfront.Function(
            self, construct_id, code=cloudfront.FunctionCode.from_inline(code),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )  # fmt: skip
        return cloudfront.FunctionAssociation(function=function, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)

    def _route_api(self, rest_api: apigw.RestApiBase, headers: cloudfront.IResponseHeadersPolicy,
                   origin_headers: dict[str, str]) -> None:
        # origin_path "/" (none): the viewer path already starts with the stage name. The custom header proves
        # to the API's firewall that a request came through this distribution.
        origin = origins.RestApiOrigin(rest_api, origin_path="/", custom_headers=origin_headers)
        for pattern, functions in ((f"{self.api_base}/*", []),
                                   ("/health", [self._function("HealthToApi", _STAGE_PREFIX % self.api_base)])):
            self.distribution.add_behavior(
                pattern, origin, allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                response_headers_policy=headers, function_associations=functions,
            )  # fmt: skip

    def _deploy_site(self, dist_dir: Path) -> None:
        if not (dist_dir / "index.html").exists():
            Annotations.of(self).add_warning_v2(
                "mdap:frontend-missing", f"{dist_dir} has no built site: run `make install` before deploying"
            )
            return
        deployment = s3deploy.BucketDeployment(
            self, "SiteContent",
            # config.json comes last so it wins over any file of that name in the build.
            sources=[s3deploy.Source.asset(str(dist_dir)), s3deploy.Source.json_data("config.json", {
                "apiBase": self.api_base, "sessionWarningSeconds": SESSION_WARNING_SECONDS})],
            destination_bucket=self.bucket, distribution=self.distribution, distribution_paths=["/*"],
        )  # fmt: skip
        self.deployment = deployment
