"""Hosting: the built frontend in a private bucket behind CloudFront (origin access control, security headers)."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations, Duration, RemovalPolicy
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.nag import suppress


class Hosting(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, dist_dir: Path, access_logs: s3.IBucket
    ) -> None:
        super().__init__(scope, construct_id)
        # SSE-S3, not the data key: the site is public static content and OAC reads it without KMS grants.
        self.bucket = s3.Bucket(
            self, "Site", encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            server_access_logs_bucket=access_logs, server_access_logs_prefix="s3/site/",
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        spa_fallback = [
            cloudfront.ErrorResponse(http_status=code, response_http_status=200, response_page_path="/index.html",
                                     ttl=Duration.seconds(0))
            for code in (403, 404)
        ]  # fmt: skip
        self.distribution = cloudfront.Distribution(
            self, "Distribution", default_root_object="index.html", error_responses=spa_fallback,
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
            ),
            enable_logging=True, log_bucket=access_logs, log_file_prefix="cloudfront/",
        )  # fmt: skip
        suppress(self.distribution, "CFR1", "No geo restriction: applicants may apply from abroad.")
        suppress(self.distribution, "CFR2", "WAF for CloudFront lives in us-east-1; attaching one is an "
                 "operator choice per deployment.")
        suppress(self.distribution, "CFR4", "The default *.cloudfront.net certificate allows TLSv1; a custom "
                 "domain with an ACM certificate and TLSv1.2_2021 is an operator choice at deploy time.")
        self._deploy_site(dist_dir)

    def _deploy_site(self, dist_dir: Path) -> None:
        if not (dist_dir / "index.html").exists():
            Annotations.of(self).add_warning_v2(
                "mdap:frontend-missing", f"{dist_dir} has no built site: run `make install` before deploying"
            )
            return
        deployment = s3deploy.BucketDeployment(
            self, "SiteContent", sources=[s3deploy.Source.asset(str(dist_dir))],
            destination_bucket=self.bucket, distribution=self.distribution, distribution_paths=["/*"],
        )  # fmt: skip
        self.deployment = deployment
