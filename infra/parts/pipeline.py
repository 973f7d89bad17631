"""The preprocessing pipeline's AWS side, around the state machine and task Lambdas that ``Workflows`` deploys
from ``preprocessing.asl.json`` and tasks.json:

- the raw bucket's "Object Created" events of every dataset's raw prefix (the contracts') -> EventBridge rule ->
  an SQS queue (dead-letter queue after 5 receives) -> ``PipelineStart`` (batches of up to 100 events, a 2 s
  batching window, partial batch failures reported): pending inputs, runs started per dataset and site;
- the pseudonym key: a generated Secrets Manager secret under the platform key, never rotated (pseudonyms must
  stay the same for joins across datasets and time), readable by ``PipelineStep`` only;
- what ``PipelineStep`` needs beyond the product runtime: deleting retired curated files, its work files and an
  object's replaced quarantine rows; registering Glue partitions of the tables it writes;
- the catalog's views, created by Athena at deploy (a custom resource running ``mdap.catalog.deploy``).
Alarms: failed runs (the PipelineRunsFailed metric) and the queue's dead letters, in Observability.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from aws_cdk import Aws, CustomResource, Duration, RemovalPolicy
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.nag import BASIC_EXECUTION_ROLE, suppress
from infra.parts.functions import METRICS_NAMESPACE, ProductFunctions
from mdap.catalog import Catalog

FAILED_RUNS_METRIC = "PipelineRunsFailed"  # emitted by mdap.pipeline.tasks
QUARANTINED_METRIC = "PipelineRowsQuarantined"  # emitted by mdap.pipeline.tasks per dataset, after "measure"
WORK_PREFIXES = {"curated": ("curated/*",), "quarantine": ("quarantine/rows/*", "work/*")}


def pseudonym_secret_name(name_prefix: str) -> str:
    """By name, so every Lambda's settings can carry it (MDAP_PSEUDONYM_SECRET_ID); only PipelineStep may read it."""
    return f"{name_prefix}/pipeline/pseudonym-key"


class Pipeline(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, start: lambda_.Function, step: lambda_.Function,
        raw_prefixes: Sequence[str], buckets: dict[str, s3.IBucket], key: kms.IKey, catalog: Catalog,
        database_name: str, functions: ProductFunctions, name_prefix: str,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.dead_letters, self.queue = self._queue(buckets["raw"], raw_prefixes)
        start.add_event_source(sources.SqsEventSource(
            self.queue, batch_size=100, max_batching_window=Duration.seconds(2), report_batch_item_failures=True))
        self.secret = self._secret(key, name_prefix)
        self.secret.grant_read(step)
        self._grant_writing(step, buckets, catalog, database_name)
        # Powertools adds the service dimension: the task's logical name (infra.parts.workflows)
        self.failed_runs = cloudwatch.Metric(namespace=METRICS_NAMESPACE, metric_name=FAILED_RUNS_METRIC,
                                             dimensions_map={"service": "PipelineStep"}, statistic="Sum",
                                             period=Duration.minutes(5))
        # rows set aside per dataset (mdap.pipeline.tasks emits it with the dataset dimension): one line each
        self.quarantined_rows = cloudwatch.MathExpression(
            expression=f"SEARCH('{{{METRICS_NAMESPACE},dataset,service}} MetricName=\"{QUARANTINED_METRIC}\"', "
                       "'Sum', 300)",
            using_metrics={}, label="", period=Duration.minutes(5),
        )  # fmt: skip
        self.views = self._views(functions, catalog, database_name)

    def _queue(self, raw: s3.IBucket, prefixes: Sequence[str]) -> tuple[sqs.Queue, sqs.Queue]:
        # SQS-managed encryption, as the platform's object-events queue: the events hold keys, never data
        dlq = sqs.Queue(self, "EventsDlq", enforce_ssl=True, retention_period=Duration.days(14))
        suppress(dlq, "SQS3", "This queue is the dead-letter queue of the pipeline's object events.")
        queue = sqs.Queue(
            self, "Events", enforce_ssl=True, visibility_timeout=Duration.minutes(16),  # above the starter's 15 min
            dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=5),
        )  # fmt: skip
        events.Rule(
            self, "RawObjectCreated", description="Raw objects of the pipeline's datasets start preprocessing runs",
            event_pattern=events.EventPattern(
                source=["aws.s3"], detail_type=["Object Created"],
                detail={"bucket": {"name": [raw.bucket_name]},
                        "object": {"key": [{"prefix": prefix} for prefix in sorted(prefixes)]}},
            ),
            targets=[targets.SqsQueue(queue)],
        )  # fmt: skip
        return dlq, queue

    def _secret(self, key: kms.IKey, name_prefix: str) -> secretsmanager.Secret:
        secret = secretsmanager.Secret(
            self, "PseudonymKey", secret_name=pseudonym_secret_name(name_prefix), encryption_key=key,
            description="HMAC-SHA-256 key of the pipeline's keyed pseudonyms; never rotate (joins rely on it)",
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=64, exclude_punctuation=True),
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        suppress(secret, "SMG4", "The pseudonym key must not rotate: the same person must keep the same pseudonym "
                 "in every dataset and over time, or joins and longitudinal analysis break.")
        return secret

    def _grant_writing(self, step: lambda_.Function, buckets: dict[str, s3.IBucket], catalog: Catalog,
                       database_name: str) -> None:
        objects = [buckets[zone].arn_for_objects(prefix) for zone, prefixes in WORK_PREFIXES.items()
                   for prefix in prefixes]
        step.add_to_role_policy(iam.PolicyStatement(actions=["s3:DeleteObject"], resources=objects))
        glue = f"arn:{Aws.PARTITION}:glue:{Aws.REGION}:{Aws.ACCOUNT_ID}"
        tables = [t.name for t in catalog.tables if t.partitions_registered and t.zone in WORK_PREFIXES]
        step.add_to_role_policy(iam.PolicyStatement(
            actions=["glue:BatchCreatePartition", "glue:GetTable"],
            resources=[f"{glue}:catalog", f"{glue}:database/{database_name}",
                       *(f"{glue}:table/{database_name}/{name}" for name in tables)],
        ))  # fmt: skip
        suppress(step, "IAM5", "The pipeline deletes only files it retired (curated/), its own work files (work/) "
                 "and the quarantine rows of objects it processes again (quarantine/rows/).",
                 applies_to=[f"Resource::{arn}" for arn in objects])

    def _views(self, functions: ProductFunctions, catalog: Catalog, database_name: str) -> CustomResource | None:
        if not catalog.views:
            return None
        handler = functions.add("CatalogViews", handler="mdap.catalog.deploy.handler", service="CatalogViews",
                                description="Create the catalog's views in Athena at deploy", timeout_s=300,
                                memory_mb=512)
        glue = f"arn:{Aws.PARTITION}:glue:{Aws.REGION}:{Aws.ACCOUNT_ID}"
        handler.add_to_role_policy(iam.PolicyStatement(
            actions=["glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:GetTable"],
            resources=[f"{glue}:catalog", f"{glue}:database/{database_name}",
                       *(f"{glue}:table/{database_name}/{view.name}" for view in catalog.views)],
        ))  # fmt: skip
        provider = cr.Provider(self, "ViewsProvider", on_event_handler=handler)
        self._acknowledge_provider(provider, handler)
        digest = hashlib.sha256("".join(v.name + v.sql for v in catalog.views).encode()).hexdigest()
        return CustomResource(self, "Views", service_token=provider.service_token,
                              resource_type="Custom::CatalogViews", properties={"Digest": digest})

    def _acknowledge_provider(self, provider: cr.Provider, handler: lambda_.Function) -> None:
        framework = provider.node.find_child("framework-onEvent")
        suppress(framework, "IAM4", "CDK's custom-resource provider framework logs with AWSLambdaBasicExecutionRole.",
                 applies_to=[BASIC_EXECUTION_ROLE])
        suppress(framework, "IAM5", "CDK's provider framework may invoke any version of the views handler.",
                 applies_to=[f"Resource::{handler.function_arn}:*"])
        suppress(framework, "L1", "The runtime of CDK's provider framework is chosen by aws-cdk-lib.")
