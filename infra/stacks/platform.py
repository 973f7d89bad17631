"""The platform stack: every part composed, wired by settings, with grants made here."""

from __future__ import annotations

from typing import Any

from aws_cdk import Aws, CfnOutput, DefaultStackSynthesizer, Stack
from constructs import Construct, IConstruct

from infra import sources
from infra.config import Options, Sources
from infra.nag import BASIC_EXECUTION_ROLE, S3_READ_WRITE_ACTIONS, suppress
from infra.packaging import build_lambda_bundle
from infra.parts.api import Api
from infra.parts.arrivals import PartitionArrivals
from infra.parts.catalog import CatalogAndQuery
from infra.parts.edge import Edge
from infra.parts.firewall import ORIGIN_HEADER, ApiFirewall
from infra.parts.functions import ProductFunctions
from infra.parts.hosting import Hosting
from infra.parts.identity import Identity
from infra.parts.notifications import Notifications
from infra.parts.observability import Observability, PipelineHealth
from infra.parts.pipeline import Pipeline, pseudonym_secret_name
from infra.parts.quicksight import QuickSightDashboards
from infra.parts.storage import Storage
from infra.parts.table import RecordTable
from infra.parts.workflows import Workflows, state_machine_arn_prefix
from infra.stacks.grants import RuntimeResources, grant_product_runtime
from mdap.catalog import Catalog


class PlatformStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, src: Sources, options: Options, **kw: Any) -> None:
        super().__init__(scope, construct_id, **kw)
        prefix = options.name_prefix
        self.storage = Storage(self, "Storage", name_prefix=prefix)
        self.table = RecordTable(self, "Records", key=self.storage.key)
        catalog = sources.catalog(src.catalog)
        self.catalog = CatalogAndQuery(
            self, "Catalog", name_prefix=prefix, catalog=catalog,
            buckets=dict(self.storage.buckets), key=self.storage.key,
            scan_limit_bytes=options.athena_scan_limit_bytes,
        )  # fmt: skip
        self.identity = Identity(self, "Identity", name_prefix=prefix, session_hours=options.session_hours)
        self.notifications = Notifications(self, "Notifications", name_prefix=prefix, mail_from=options.mail_from,
                                           identity_domain=options.mail_identity_domain)
        self.functions = ProductFunctions(
            self, "Functions", bundle=build_lambda_bundle(src), settings=self._settings(prefix, options),
            pandas_layer_version=options.pandas_layer_version,
        )  # fmt: skip
        self.api = Api(self, "Api", project_dir=src.chalice_project, functions=self.functions,
                       user_pool_arn=self.identity.user_pool.user_pool_arn,
                       rate_limit=options.api_rate_limit, burst_limit=options.api_burst_limit)  # fmt: skip
        self.identity.grant_session_admin(self.api.function)
        self.firewall = ApiFirewall(self, "Firewall", stage_arn=self.api.rest_api.deployment_stage.stage_arn,
                                    name_prefix=prefix, auth_requests_per_5min=options.auth_requests_per_5min)
        self.workflows = Workflows(
            self, "Workflows", step_functions_dir=src.step_functions, functions=self.functions,
            tasks=sources.task_functions(src.step_functions / "tasks.json"), table=self.table.table,
            name_prefix=prefix,
        )  # fmt: skip
        # the task that parks approvals tells the staff group: it reads the user directory
        for name, function in self.workflows.task_functions.items():
            if name == "ProgramOpenApproval" or name in self.workflows.scheduled:
                self.identity.grant_user_directory(function)
        self.pipeline = self._pipeline(catalog, prefix)
        runtime = RuntimeResources(
            buckets=dict(self.storage.buckets), key=self.storage.key, table=self.table.table,
            database_name=self.catalog.database_name, workgroup_name=self.catalog.workgroup.name,
            state_machine_arn_prefix=state_machine_arn_prefix(prefix),
        )  # fmt: skip
        for function in self.functions.functions:
            grant_product_runtime(function, runtime)
            self.notifications.grant_send(function)
        self.hosting = Hosting(self, "Hosting", dist_dir=src.frontend_dist, access_logs=self.storage.access_logs,
                               rest_api=self.api.rest_api, api_stage=self.api.stage_name,
                               origin_headers={ORIGIN_HEADER: self.firewall.origin_secret.secret_value.unsafe_unwrap()})
        self.edge = Edge(
            self, "Edge", components=sources.edge_components(src.edge_components),
            raw_bucket=self.storage.buckets["raw"], key=self.storage.key, access_logs=self.storage.access_logs,
            thing_group=options.edge_thing_group, name_prefix=prefix,
            raw_prefixes=[t.prefix for t in catalog.tables if t.zone == "raw" and t.partitions[:1]
                          and t.partitions[0].name == "site"],
            status_table=self.table.table,
        )  # fmt: skip
        self.arrivals = PartitionArrivals(self, "PartitionArrivals", catalog=catalog, functions=self.functions,
                                          buckets=dict(self.storage.buckets), database_name=self.catalog.database_name)
        # after the product runtime grants: the refresh Lambda may start SPICE ingestions and nothing else
        self.quicksight = self._quicksight(catalog, src, options) if options.quicksight else None
        self.observability = Observability(
            self, "Observability", key=self.storage.key, alarm_email=options.alarm_email, name_prefix=prefix,
            functions=[*self.functions.functions, *self.identity.functions],
            machines=list(self.workflows.state_machines.values()),
            dead_letter_queues=[self.storage.events_dlq, *([self.pipeline.dead_letters] if self.pipeline else [])],
            metrics=[("PipelineRunsFailed", self.pipeline.failed_runs)] if self.pipeline else [],
            pipeline=self._pipeline_health(),
        )  # fmt: skip
        self._outputs()
        self._acknowledge_cdk_handlers()

    def _pipeline(self, catalog: Catalog, prefix: str) -> Pipeline | None:
        """The preprocessing pipeline, when tasks.json has its tasks (the test fixtures have none)."""
        tasks = self.workflows.task_functions
        if "PipelineStart" not in tasks or "PipelineStep" not in tasks:
            return None
        return Pipeline(
            self, "Pipeline", start=tasks["PipelineStart"], step=tasks["PipelineStep"],
            raw_prefixes=sources.dataset_raw_prefixes(), buckets=dict(self.storage.buckets), key=self.storage.key,
            catalog=catalog, database_name=self.catalog.database_name, functions=self.functions, name_prefix=prefix,
        )  # fmt: skip

    def _pipeline_health(self) -> PipelineHealth | None:
        machine = self.workflows.state_machines.get("preprocessing")
        if self.pipeline is None or machine is None:
            return None
        return PipelineHealth(machine=machine, failed_runs=self.pipeline.failed_runs,
                              quarantined_rows=self.pipeline.quarantined_rows)

    def _quicksight(self, catalog: Catalog, src: Sources, options: Options) -> QuickSightDashboards:
        """QuickSight over the catalog's views, refreshed after preprocessing runs: it needs the pipeline."""
        machine = self.workflows.state_machines.get("preprocessing")
        if self.pipeline is None or machine is None:
            raise ValueError("quicksight=true needs the preprocessing pipeline (PipelineStart, PipelineStep in "
                             "tasks.json and step_functions/preprocessing.asl.json)")
        return QuickSightDashboards(
            self, "QuickSight", name_prefix=options.name_prefix, catalog=catalog,
            database_name=self.catalog.database_name, workgroup_name=self.catalog.workgroup.ref,
            buckets=dict(self.storage.buckets), key=self.storage.key, functions=self.functions,
            preprocessing=machine, views_created=self.pipeline.views, definition_dir=src.quicksight,
            staff_group=options.quicksight_staff_group, identity_region=options.quicksight_identity_region,
        )  # fmt: skip

    def _settings(self, prefix: str, options: Options) -> dict[str, str]:
        """The MDAP_* environment of mdap.settings.Settings for the aws profile."""
        buckets = self.storage.buckets
        return {
            "MDAP_PROFILE": "aws", "MDAP_REGION": Aws.REGION,
            **{f"MDAP_{zone.upper()}_BUCKET": bucket.bucket_name for zone, bucket in buckets.items()},
            "MDAP_TABLE_NAME": self.table.table.table_name,
            "MDAP_GLUE_DATABASE": self.catalog.database_name,
            "MDAP_ATHENA_WORKGROUP": self.catalog.workgroup.ref,
            "MDAP_OBJECT_EVENTS_QUEUE_URL": self.storage.events_queue.queue_url,
            "MDAP_STATE_MACHINE_ARN_PREFIX": state_machine_arn_prefix(prefix),
            "MDAP_USER_POOL_ID": self.identity.user_pool.user_pool_id,
            "MDAP_USER_POOL_CLIENT_ID": self.identity.client.user_pool_client_id,
            "MDAP_SESSION_HOURS": str(options.session_hours),
            "MDAP_LOGIN_ATTEMPTS_PER_15MIN": "10", "MDAP_LOGIN_ATTEMPTS_PER_ADDRESS_15MIN": "30",
            "MDAP_TRUSTED_PROXY_HOPS": "1",  # CloudFront appends the viewer's address (infra/parts/firewall.py)
            "MDAP_MAIL_FROM": self.notifications.mail_from,
            "MDAP_SES_CONFIGURATION_SET": self.notifications.configuration_set.configuration_set_name,
            "MDAP_PSEUDONYM_SECRET_ID": pseudonym_secret_name(prefix),
            "MDAP_PIPELINE_BATCH_SECONDS": "2", "MDAP_PIPELINE_MAX_OBJECTS": "500",
            "MDAP_PIPELINE_MAX_MB": "512", "MDAP_PIPELINE_LEASE_SECONDS": "1200",
            # monitoring (the alarm rules run every minute: tasks.json MonitoringEvaluate's EventBridge rule)
            "MDAP_MONITORING_STALE_SECONDS": "15", "MDAP_MONITORING_OFFLINE_SECONDS": "60",
            "MDAP_MONITORING_TAG_STALE_SECONDS": "60", "MDAP_MONITORING_TAG_STUCK_SECONDS": "300",
            "MDAP_MONITORING_QUARANTINE_RATIO": "0.05",
        }  # fmt: skip

    def _acknowledge_cdk_handlers(self) -> None:
        """Lambdas that aws-cdk-lib adds at stack level (BucketDeployment, S3 notifications)."""
        for child in self.node.children:
            if child.node.id.startswith("BucketNotificationsHandler"):
                suppress(child, "IAM4", "CDK's S3 notification handler logs with AWSLambdaBasicExecutionRole.",
                         applies_to=[BASIC_EXECUTION_ROLE])
            if child.node.id.startswith("Custom::CDKBucketDeployment"):
                self._acknowledge_bucket_deployment(child)

    def _acknowledge_bucket_deployment(self, handler: IConstruct) -> None:
        assets = (f"arn:{Aws.PARTITION}:s3:::cdk-{DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-"
                  f"{self.account}-{self.region}/*")  # fmt: skip
        targets = [self.hosting.bucket, self.edge.artifacts]
        suppress(handler, "IAM5", "CDK's BucketDeployment copies its asset from the CDK assets bucket into "
                 "the site and edge-artifacts buckets; X-Ray/KMS actions are CDK's grant prefixes.",
                 applies_to=[*S3_READ_WRITE_ACTIONS, "Resource::*", f"Resource::{assets}",
                             *[f"Resource::{b.bucket_arn}/*" for b in targets]])
        suppress(handler, "IAM4", "CDK's BucketDeployment handler logs with AWSLambdaBasicExecutionRole.",
                 applies_to=[BASIC_EXECUTION_ROLE])
        suppress(handler, "L1", "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib.")

    def _outputs(self) -> None:
        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url)
        CfnOutput(self, "SiteUrl", value=f"https://{self.hosting.distribution.distribution_domain_name}")
        CfnOutput(self, "UserPoolId", value=self.identity.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.identity.client.user_pool_client_id)
        CfnOutput(self, "EdgeRoleAlias", value=self.edge.role_alias.role_alias or "")
        CfnOutput(self, "EdgeStatusTable", value=self.table.table.table_name)  # collectors' status: {kind: dynamodb}
