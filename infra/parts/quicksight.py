"""QuickSight dashboards over the catalog's views, deployed only with the option ``quicksight`` (infra/README.md
"QuickSight"):

- an Athena data source on the platform's workgroup, querying with a role of its own (the views, the tables they
  read, the results bucket, the platform key) rather than QuickSight's account-wide service role;
- one SPICE data set per view of ``BI_VIEWS`` that exists, CUSTOM_SQL ``SELECT * FROM "<database>"."<view>"``
  with the columns of the view's ``-- columns:`` header as the catalog's loader reads them;
- row-level security on ``site`` from a rules data set (infra/quicksight/site_access.csv plus the staff group);
- an analysis and a dashboard from infra/quicksight/dashboard.json, for the staff group (authors) and the rules'
  groups (viewers);
- SPICE refreshed after every successful preprocessing run: an EventBridge rule -> ``mdap.bi.refresh``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aws_cdk import Aws, CustomResource, Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_quicksight as qs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra.nag import BASIC_EXECUTION_ROLE, acknowledge_validation, suppress
from infra.parts import quicksight_definition as d
from infra.parts.functions import ProductFunctions
from infra.stacks.grants import ATHENA_ACTIONS, GLUE_READ_ACTIONS
from mdap.catalog import Catalog, ViewDef

# LogicalTableMap and RowLevelPermissionDataSet: the CloudFormation schema prefers the newer DataPrepConfiguration
# and SemanticModelConfiguration, which QuickSight introduced late in 2025; the classic properties stay supported.
CLASSIC_DATA_SET = ("QuickSight's classic data set properties (LogicalTableMap, RowLevelPermissionDataSet) remain "
                    "supported by the API; the newer data-preparation shapes are not yet needed here.")
# The views the dashboards read (one SPICE data set each), in the order the data sets are declared.
BI_VIEWS = ("kpi_oee", "kpi_production_shift", "kpi_defect_rate", "kpi_defect_pareto", "kpi_downtime_pareto",
            "sensor_rollup_1m", "production", "quality", "downtime")  # fmt: skip
REFRESH_MINUTES = 45  # at most one SPICE refresh per data set per window: 32 a day, Enterprise edition's limit
DATA_SOURCE_ACTIONS = ("quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions",
                       "quicksight:PassDataSource")  # fmt: skip
DATA_SET_ACTIONS = ("quicksight:DescribeDataSet", "quicksight:DescribeDataSetPermissions", "quicksight:PassDataSet",
                    "quicksight:DescribeIngestion", "quicksight:ListIngestions")  # fmt: skip
ANALYSIS_ACTIONS = ("quicksight:DescribeAnalysis", "quicksight:QueryAnalysis", "quicksight:UpdateAnalysis",
                    "quicksight:RestoreAnalysis", "quicksight:DeleteAnalysis",
                    "quicksight:DescribeAnalysisPermissions", "quicksight:UpdateAnalysisPermissions")  # fmt: skip
DASHBOARD_ACTIONS = ("quicksight:DescribeDashboard", "quicksight:ListDashboardVersions", "quicksight:QueryDashboard")


class QuickSightDashboards(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, name_prefix: str, catalog: Catalog, database_name: str,
        workgroup_name: str, buckets: Mapping[str, s3.IBucket], key: kms.IKey, functions: ProductFunctions,
        preprocessing: sfn.IStateMachine, views_created: CustomResource | None, definition_dir: Path,
        staff_group: str, identity_region: str | None,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.views = [view for name in BI_VIEWS if (view := catalog.view(name)) is not None]
        self.missing_views = [name for name in BI_VIEWS if catalog.view(name) is None]
        if not self.views:
            raise d.DefinitionError(f"quicksight: none of the views {list(BI_VIEWS)} is in the catalog")
        self._prefix = name_prefix
        rules = d.site_rules(definition_dir, staff_group)
        self.staff = self._group_arn(staff_group, identity_region)
        viewers = [self._group_arn(group, identity_region) for group in d.group_names(rules)]
        role = self._athena_role(catalog, database_name, workgroup_name, buckets, key)
        self.data_source = qs.CfnDataSource(
            self, "Athena", aws_account_id=Aws.ACCOUNT_ID, data_source_id=f"{name_prefix}-athena",
            name=f"{name_prefix} Athena", type="ATHENA",
            data_source_parameters=qs.CfnDataSource.DataSourceParametersProperty(
                athena_parameters=qs.CfnDataSource.AthenaParametersProperty(work_group=workgroup_name,
                                                                            role_arn=role.role_arn)),
            permissions=[self._permission(self.staff, DATA_SOURCE_ACTIONS)],
        )  # fmt: skip
        self.data_source.node.add_dependency(role)  # its policy too: QuickSight tests the source at creation
        self.rules = self._rules_data_set(rules)
        self.data_sets = {view.name: self._data_set(view, database_name) for view in self.views}
        for data_set in [self.rules, *self.data_sets.values()]:
            if views_created is not None:
                data_set.node.add_dependency(views_created)
        definition, self.dropped_visuals = d.load_definition(
            definition_dir, {view.name: [c.name for c in view.columns] for view in self.views})
        self.analysis, self.dashboard = self._analysis_and_dashboard(definition, viewers)
        self.refresh = self._refresh(functions, preprocessing)

    def _group_arn(self, group: str, identity_region: str | None) -> str:
        region = identity_region or Aws.REGION
        return f"arn:{Aws.PARTITION}:quicksight:{region}:{Aws.ACCOUNT_ID}:group/default/{group}"

    @staticmethod
    def _permission(principal: str, actions: tuple[str, ...]) -> dict[str, Any]:
        """A ResourcePermission of any QuickSight resource (each has its own struct type of the same shape)."""
        return {"principal": principal, "actions": list(actions)}

    def _athena_role(self, catalog: Catalog, database_name: str, workgroup_name: str,
                     buckets: Mapping[str, s3.IBucket], key: kms.IKey) -> iam.Role:
        """What QuickSight's Athena queries read: the views, everything they read, the results, the key."""
        names = _read_names(catalog, [view.name for view in self.views])
        tables = [table for table in catalog.tables if table.name in names]
        glue = f"arn:{Aws.PARTITION}:glue:{Aws.REGION}:{Aws.ACCOUNT_ID}"
        results = buckets["athena_results"]
        objects = [buckets[t.zone].arn_for_objects(f"{t.prefix}*") for t in tables] + [results.arn_for_objects("*")]
        role = iam.Role(self, "AthenaRole", assumed_by=iam.ServicePrincipal("quicksight.amazonaws.com"),
                        description="QuickSight's Athena data source: the BI views, the tables they read, results")
        for actions, resources in (
            ((*ATHENA_ACTIONS, "athena:GetQueryResultsStream"),
             [f"arn:{Aws.PARTITION}:athena:{Aws.REGION}:{Aws.ACCOUNT_ID}:workgroup/{workgroup_name}"]),
            (GLUE_READ_ACTIONS, [f"{glue}:catalog", f"{glue}:database/{database_name}",
                                 *(f"{glue}:table/{database_name}/{name}" for name in sorted(names))]),
            (("s3:ListBucket", "s3:GetBucketLocation"),
             sorted({buckets[t.zone].bucket_arn for t in tables} | {results.bucket_arn})),
            (("s3:GetObject",), objects[:-1]),
            (("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"), objects[-1:]),
            (("kms:Decrypt", "kms:GenerateDataKey"), [key.key_arn]),
        ):  # fmt: skip
            role.add_to_policy(iam.PolicyStatement(actions=list(actions), resources=resources))
        suppress(role, "IAM5", "QuickSight reads the objects of the tables its views read (by table prefix) and "
                 "writes Athena results in the results bucket only.",
                 applies_to=[f"Resource::{arn}" for arn in objects])
        return role

    def _rules_data_set(self, rules: list[tuple[str, str | None]]) -> qs.CfnDataSet:
        """Group -> site rows for row-level security (QuickSight's VERSION_1 format: a GroupName column)."""
        physical = "site-access"
        data_set = qs.CfnDataSet(
            self, "SiteAccess", aws_account_id=Aws.ACCOUNT_ID, data_set_id=f"{self._prefix}-site-access",
            name=f"{self._prefix} site access (row-level security)", import_mode="SPICE", use_as="RLS_RULES",
            physical_table_map={physical: self._custom_sql("site_access", d.rules_sql(rules), [
                {"Name": "groupname", "Type": "STRING"}, {"Name": d.SITE_COLUMN, "Type": "STRING"}])},
            logical_table_map={physical: qs.CfnDataSet.LogicalTableProperty(
                alias="site_access", source=qs.CfnDataSet.LogicalTableSourceProperty(physical_table_id=physical),
                data_transforms=[qs.CfnDataSet.TransformOperationProperty(
                    rename_column_operation=qs.CfnDataSet.RenameColumnOperationProperty(
                        column_name="groupname", new_column_name="GroupName"))])},
            permissions=[self._permission(self.staff, DATA_SET_ACTIONS)],
        )  # fmt: skip
        acknowledge_validation(data_set, "CloudFormation-Validate::W9009", CLASSIC_DATA_SET)
        return data_set

    def _data_set(self, view: ViewDef, database_name: str) -> qs.CfnDataSet:
        if d.SITE_COLUMN not in [c.name for c in view.columns]:
            raise d.DefinitionError(f"quicksight: view {view.name} has no {d.SITE_COLUMN} column, which row-level "
                                    "security keys on")
        physical = d.physical_id(view.name)
        data_set = qs.CfnDataSet(
            self, f"DataSet{view.name.title().replace('_', '')}", aws_account_id=Aws.ACCOUNT_ID,
            data_set_id=f"{self._prefix}-{physical}", name=f"{self._prefix} {view.name}", import_mode="SPICE",
            physical_table_map={physical: self._custom_sql(
                view.name, f'SELECT * FROM "{database_name}"."{view.name}"', d.input_columns(view))},
            row_level_permission_data_set=qs.CfnDataSet.RowLevelPermissionDataSetProperty(
                arn=self.rules.attr_arn, permission_policy="GRANT_ACCESS", format_version="VERSION_1",
                status="ENABLED"),
            ingestion_wait_policy=qs.CfnDataSet.IngestionWaitPolicyProperty(wait_for_spice_ingestion=False),
            permissions=[self._permission(self.staff, DATA_SET_ACTIONS)],
        )  # fmt: skip
        acknowledge_validation(data_set, "CloudFormation-Validate::W9009", CLASSIC_DATA_SET)
        return data_set

    def _custom_sql(self, name: str, sql: str, columns: list[dict[str, str]]) -> qs.CfnDataSet.PhysicalTableProperty:
        return qs.CfnDataSet.PhysicalTableProperty(custom_sql=qs.CfnDataSet.CustomSqlProperty(
            data_source_arn=self.data_source.attr_arn, name=name, sql_query=sql,
            columns=[qs.CfnDataSet.InputColumnProperty(name=c["Name"], type=c["Type"]) for c in columns]))

    def _analysis_and_dashboard(self, definition: dict[str, Any],
                                viewers: list[str]) -> tuple[qs.CfnAnalysis, qs.CfnDashboard]:
        declared = {**definition, "DataSetIdentifierDeclarations": [
            {"Identifier": name, "DataSetArn": data_set.attr_arn} for name, data_set in self.data_sets.items()]}
        analysis = qs.CfnAnalysis(
            self, "Analysis", aws_account_id=Aws.ACCOUNT_ID, analysis_id=f"{self._prefix}-factory-kpi",
            name=f"{self._prefix} factory KPI",
            permissions=[self._permission(self.staff, ANALYSIS_ACTIONS)],
        )  # fmt: skip
        dashboard = qs.CfnDashboard(
            self, "Dashboard", aws_account_id=Aws.ACCOUNT_ID, dashboard_id=f"{self._prefix}-factory-kpi",
            name=f"{self._prefix} factory KPI", version_description="infra/quicksight/dashboard.json",
            permissions=[self._permission(p, DASHBOARD_ACTIONS) for p in sorted({self.staff, *viewers})],
            dashboard_publish_options=qs.CfnDashboard.DashboardPublishOptionsProperty(
                ad_hoc_filtering_option=qs.CfnDashboard.AdHocFilteringOptionProperty(availability_status="ENABLED"),
                export_to_csv_option=qs.CfnDashboard.ExportToCSVOptionProperty(availability_status="ENABLED")),
        )  # fmt: skip
        for resource in (analysis, dashboard):  # verbatim: the file is QuickSight's own definition shape
            resource.add_property_override("Definition", declared)
        return analysis, dashboard

    def _refresh(self, functions: ProductFunctions, preprocessing: sfn.IStateMachine) -> events.Rule:
        function = functions.add("BiRefresh", handler="mdap.bi.refresh.handler", service="BiRefresh",
                                 description="Refresh the QuickSight SPICE data sets after a preprocessing run",
                                 timeout_s=60, memory_mb=256)
        data_sets = [self.rules, *self.data_sets.values()]
        function.add_environment("MDAP_BI_ACCOUNT_ID", Aws.ACCOUNT_ID)
        function.add_environment("MDAP_BI_DATA_SET_IDS", ",".join(str(s.data_set_id) for s in data_sets))
        function.add_environment("MDAP_BI_REFRESH_MINUTES", str(REFRESH_MINUTES))
        ingestions = [f"{s.attr_arn}/ingestion/*" for s in data_sets]
        function.add_to_role_policy(iam.PolicyStatement(actions=["quicksight:CreateIngestion"],
                                                        resources=[*(s.attr_arn for s in data_sets), *ingestions]))
        suppress(function, "IAM5", "An ingestion's id is chosen per refresh window; X-Ray allows no resource scoping.",
                 applies_to=["Resource::*", *(f"Resource::{arn}" for arn in ingestions)])
        suppress(function, "IAM4", "AWSLambdaBasicExecutionRole only grants writing the function's own logs.",
                 applies_to=[BASIC_EXECUTION_ROLE])
        return events.Rule(
            self, "RefreshAfterRun", description="A successful preprocessing run refreshes the QuickSight data sets",
            event_pattern=events.EventPattern(
                source=["aws.states"], detail_type=["Step Functions Execution Status Change"],
                detail={"status": ["SUCCEEDED"], "stateMachineArn": [preprocessing.state_machine_arn]}),
            targets=[targets.LambdaFunction(function, retry_attempts=4, max_event_age=Duration.hours(1))],
        )  # fmt: skip


def _read_names(catalog: Catalog, names: list[str]) -> set[str]:
    """The views ``names`` and every view and table they read, however deep: Athena reads each one's Glue entry."""
    found: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        view = catalog.view(name)
        todo += list(view.depends_on) if view is not None else []
    return found
