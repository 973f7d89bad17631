"""Partition arrivals: Glue partitions of the catalog's on-arrival tables registered as their objects land.

An EventBridge rule per such table (its bucket, its key prefix, "Object Created") invokes one mdap Lambda
(``mdap.catalog.arrivals.handler``), which registers the object's partition with BatchCreatePartition. That
is what lets Athena read raw_readings across every site without partition projection (an injected ``site``
must be pinned by every query; an enum would have to list every factory).
"""

from __future__ import annotations

from aws_cdk import Aws, Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.nag import BASIC_EXECUTION_ROLE, suppress
from infra.parts.functions import ProductFunctions
from mdap.catalog import Catalog


class PartitionArrivals(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, catalog: Catalog, functions: ProductFunctions,
        buckets: dict[str, s3.IBucket], database_name: str,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        # raw tables only: the tables the pipeline writes (curated, quarantine) register their partitions as it
        # commits them (mdap.pipeline.tasks.stages.write), and their buckets send no events
        tables = [table for table in catalog.tables if table.partitions_registered and table.zone == "raw"]
        self.function = None
        if not tables:
            return
        self.function = functions.add("PartitionArrivals", handler="mdap.catalog.arrivals.handler",
                                      description="Register the Glue partitions of objects landing in raw tables",
                                      service="PartitionArrivals", timeout_s=30, memory_mb=256)
        glue_arn = f"arn:{Aws.PARTITION}:glue:{Aws.REGION}:{Aws.ACCOUNT_ID}"
        self.function.add_to_role_policy(iam.PolicyStatement(
            actions=["glue:BatchCreatePartition", "glue:GetTable"],
            resources=[f"{glue_arn}:catalog", f"{glue_arn}:database/{database_name}",
                       *(f"{glue_arn}:table/{database_name}/{table.name}" for table in tables)],
        ))  # fmt: skip
        suppress(self.function, "IAM5", "X-Ray tracing actions allow no resource scoping.",
                 applies_to=["Resource::*"])
        suppress(self.function, "IAM4", "AWSLambdaBasicExecutionRole only grants writing the function's own logs.",
                 applies_to=[BASIC_EXECUTION_ROLE])
        for table in tables:
            rule = events.Rule(self, f"Arrived{table.name.title().replace('_', '')}", event_pattern=events.EventPattern(
                source=["aws.s3"], detail_type=["Object Created"],
                detail={"bucket": {"name": [buckets[table.zone].bucket_name]},
                        "object": {"key": [{"prefix": table.prefix}]}},
            ))  # fmt: skip
            rule.add_target(targets.LambdaFunction(self.function, retry_attempts=10,
                                                   max_event_age=Duration.hours(6)))
