"""The mdap Lambdas' common shape: one shared code asset, the pandas layer, MDAP_* and Powertools settings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Aws, CfnParameter, Duration, Fn
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.nag import suppress

# Public account publishing the AWS SDK for pandas layers in most regions (a few use another; see README).
PANDAS_LAYER_ACCOUNT = "336392948345"
METRICS_NAMESPACE = "MDAP"


class ProductFunctions(Construct):
    """Factory of the Lambdas that run the mdap package (the API and the workflow tasks)."""

    def __init__(
        self, scope: Construct, construct_id: str, *, bundle: Path, settings: Mapping[str, str],
        pandas_layer_version: int,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.bundle = bundle
        self.code = lambda_.Code.from_asset(str(bundle))
        version = CfnParameter(
            self, "PandasLayerVersion", type="Number", default=pandas_layer_version,
            description="Version of the AWSSDKPandas-Python311 layer in the deploy region "
            "(aws lambda list-layer-versions --layer-name AWSSDKPandas-Python311)",
        )  # fmt: skip
        layer_arn = Fn.join("", [
            f"arn:{Aws.PARTITION}:lambda:{Aws.REGION}:{PANDAS_LAYER_ACCOUNT}:layer:AWSSDKPandas-Python311:",
            version.value_as_string,
        ])  # fmt: skip
        self.pandas_layer = lambda_.LayerVersion.from_layer_version_arn(self, "PandasLayer", layer_arn)
        self.settings = dict(settings)
        self.functions: list[lambda_.Function] = []

    def add(self, construct_id: str, *, handler: str, description: str, service: str,
            timeout_s: int = 30, memory_mb: int = 1024) -> lambda_.Function:  # fmt: skip
        module = handler.rsplit(".", 1)[0].replace(".", "/")
        if not (self.bundle / f"{module}.py").exists() and not (self.bundle / module / "__init__.py").exists():
            raise ValueError(f"Lambda {construct_id}: handler module of {handler!r} is not in the code asset")
        function = lambda_.Function(
            self, construct_id, runtime=lambda_.Runtime.PYTHON_3_11, architecture=lambda_.Architecture.X86_64,
            handler=handler, code=self.code, layers=[self.pandas_layer], description=description,
            timeout=Duration.seconds(timeout_s), memory_size=memory_mb, tracing=lambda_.Tracing.ACTIVE,
            log_group=logs.LogGroup(self, f"{construct_id}Logs", retention=logs.RetentionDays.ONE_YEAR),
            environment={
                **self.settings, "POWERTOOLS_SERVICE_NAME": service, "POWERTOOLS_LOG_LEVEL": "INFO",
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
            },
        )  # fmt: skip
        suppress(function, "L1", "Python 3.11 is pinned: the AWS SDK for pandas layer, the packaged wheels "
                 "and the packaging test all target it.")
        self.functions.append(function)
        return function
