"""QuickSight dashboards behind the deploy option ``quicksight``: none without it; with it an Athena data source,
one SPICE data set per BI view whose columns are the view's header, row-level security on site, the analysis and
dashboard from infra/quicksight/dashboard.json, and a SPICE refresh after every successful preprocessing run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from infra.config import Sources
from infra.parts.quicksight import ANALYSIS_ACTIONS, BI_VIEWS, DASHBOARD_ACTIONS, DATA_SET_ACTIONS
from infra.parts.quicksight_definition import DefinitionError, load_definition, rules_sql, site_rules
from mdap.catalog import load_catalog
from tests.infra.lambda_env import make_interpreter, run_in_lambda_layout, unpack_handlers
from tests.infra.synthesis import Synthesized

# Athena DDL type -> QuickSight input column type, written out here rather than taken from the construct
EXPECTED_TYPES = {"string": "STRING", "bigint": "INTEGER", "int": "INTEGER", "double": "DECIMAL",
                  "timestamp": "DATETIME", "boolean": "BOOLEAN"}  # fmt: skip
STAFF = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":quicksight:", {"Ref": "AWS::Region"}, ":",
                           {"Ref": "AWS::AccountId"}, ":group/default/mdap-staff"]]}  # fmt: skip


@pytest.fixture(scope="module")
def qs(quicksight_synth: Synthesized) -> Template:
    return Template.from_json(quicksight_synth.template)


def _views() -> list[Any]:
    catalog = load_catalog()
    for name in BI_VIEWS:
        if catalog.view(name) is None:
            print(f"\nview {name}: no functions/mdap/catalog/views/{name}.sql yet, so no data set is expected")
    return [view for name in BI_VIEWS if (view := catalog.view(name)) is not None]


def _of_type(synth: Synthesized, kind: str) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in synth.template["Resources"].items() if r["Type"] == kind}


@pytest.mark.parametrize("which", ["fixture_synth", "product_synth"])
def test_without_the_option_nothing_of_quicksight_is_deployed(which: str, request: pytest.FixtureRequest) -> None:
    synthesized: Synthesized = request.getfixturevalue(which)
    kinds = {r["Type"] for r in synthesized.template["Resources"].values()}
    assert not [kind for kind in kinds if kind.startswith("AWS::QuickSight::")]
    handlers = [r["Properties"].get("Handler") for r in _of_type(synthesized, "AWS::Lambda::Function").values()]
    assert "mdap.bi.refresh.handler" not in handlers


def test_the_athena_data_source_queries_the_platform_workgroup_with_its_own_role(qs: Template) -> None:
    workgroup = {"Ref": Match.string_like_regexp("CatalogWorkgroup")}
    qs.has_resource_properties("AWS::QuickSight::DataSource", {
        "Type": "ATHENA", "DataSourceId": "mdap-athena",
        "DataSourceParameters": {"AthenaParameters": {"WorkGroup": workgroup,
                                                      "RoleArn": {"Fn::GetAtt": [Match.any_value(), "Arn"]}}},
        "Permissions": [{"Principal": STAFF, "Actions": Match.array_with(["quicksight:PassDataSource"])}],
    })  # fmt: skip
    qs.has_resource_properties("AWS::IAM::Role", {"AssumeRolePolicyDocument": {"Statement": [Match.object_like({
        "Principal": {"Service": "quicksight.amazonaws.com"}})]}})  # fmt: skip
    qs.has_resource_properties("AWS::IAM::Policy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Action": Match.array_with(["athena:StartQueryExecution", "athena:GetQueryResults"])}),
        Match.object_like({"Action": Match.array_with(["glue:GetTable"]), "Resource": Match.array_with([
            {"Fn::Join": ["", Match.array_with([":table/mdap/kpi_oee"])]}])}),
    ])}})  # fmt: skip


def test_one_spice_data_set_per_view_reads_the_view_with_the_columns_of_its_header(qs: Template) -> None:
    views = _views()
    assert views, "no BI view exists at all"
    for view in views:
        physical = view.name.replace("_", "-")
        qs.has_resource_properties("AWS::QuickSight::DataSet", {
            "DataSetId": f"mdap-{physical}", "ImportMode": "SPICE",
            "PhysicalTableMap": {physical: {"CustomSql": {
                "Name": view.name, "SqlQuery": f'SELECT * FROM "mdap"."{view.name}"',
                "Columns": [{"Name": c.name, "Type": EXPECTED_TYPES[c.type]} for c in view.columns],
                "DataSourceArn": {"Fn::GetAtt": [Match.string_like_regexp("QuickSightAthena"), "Arn"]},
            }}},
            "Permissions": [{"Principal": STAFF, "Actions": list(DATA_SET_ACTIONS)}],
        })  # fmt: skip
    data_sets = [r for r in _of_type_qs(qs).values() if r["Properties"].get("UseAs") != "RLS_RULES"]
    assert len(data_sets) == len(views)


def _of_type_qs(qs: Template) -> dict[str, dict[str, Any]]:
    return qs.find_resources("AWS::QuickSight::DataSet")


def test_every_data_set_is_limited_to_its_viewers_sites_by_the_rules_data_set(qs: Template) -> None:
    [(rules, props)] = [(k, r["Properties"]) for k, r in _of_type_qs(qs).items()
                        if r["Properties"].get("UseAs") == "RLS_RULES"]  # fmt: skip
    sql = props["PhysicalTableMap"]["site-access"]["CustomSql"]["SqlQuery"]
    assert sql == rules_sql(site_rules(Sources().quicksight, "mdap-staff"))
    assert "('mdap-staff', CAST(NULL AS varchar))" in sql  # staff: every site
    assert props["LogicalTableMap"]["site-access"]["DataTransforms"] == [
        {"RenameColumnOperation": {"ColumnName": "groupname", "NewColumnName": "GroupName"}}]
    for view in _views():
        qs.has_resource_properties("AWS::QuickSight::DataSet", {
            "DataSetId": f"mdap-{view.name.replace('_', '-')}",
            "RowLevelPermissionDataSet": {"Arn": {"Fn::GetAtt": [rules, "Arn"]}, "PermissionPolicy": "GRANT_ACCESS",
                                          "FormatVersion": "VERSION_1", "Status": "ENABLED"},
        })  # fmt: skip


def test_analysis_and_dashboard_carry_the_definition_kept_in_git(qs: Template) -> None:
    views = _views()
    definition, _ = load_definition(Sources().quicksight, {v.name: [c.name for c in v.columns] for v in views})
    in_git = json.loads((Sources().quicksight / "dashboard.json").read_text(encoding="utf-8"))
    if len(views) == len(BI_VIEWS):
        assert definition == in_git  # every view exists: the file goes as it is
    declared = [{"Identifier": v.name, "DataSetArn": {"Fn::GetAtt": [Match.string_like_regexp("QuickSightDataSet"),
                                                                     "Arn"]}} for v in views]  # fmt: skip
    expected = {**definition, "DataSetIdentifierDeclarations": declared}
    qs.has_resource_properties("AWS::QuickSight::Analysis", {
        "AnalysisId": "mdap-factory-kpi", "Definition": expected,
        "Permissions": [{"Principal": STAFF, "Actions": list(ANALYSIS_ACTIONS)}],
    })  # fmt: skip
    qs.has_resource_properties("AWS::QuickSight::Dashboard", {
        "DashboardId": "mdap-factory-kpi", "Definition": expected,
        "Permissions": [{"Principal": STAFF, "Actions": list(DASHBOARD_ACTIONS)}],
    })  # fmt: skip
    visuals = {next(iter(v.values()))["VisualId"] for s in in_git["Sheets"] for v in s["Visuals"]}
    assert {"oee-line-shift", "production-shift", "defect-rate", "defect-pareto", "downtime-pareto",
            "sensor-trend"} <= visuals  # fmt: skip


def test_a_successful_preprocessing_run_refreshes_every_data_set(qs: Template,
                                                                 quicksight_synth: Synthesized) -> None:
    [(function, props)] = [(k, r["Properties"]) for k, r in _of_type(quicksight_synth, "AWS::Lambda::Function").items()
                           if r["Properties"].get("Handler") == "mdap.bi.refresh.handler"]  # fmt: skip
    ids = props["Environment"]["Variables"]["MDAP_BI_DATA_SET_IDS"].split(",")
    assert ids == ["mdap-site-access", *(f"mdap-{v.name.replace('_', '-')}" for v in _views())]
    assert props["Environment"]["Variables"]["MDAP_BI_ACCOUNT_ID"] == {"Ref": "AWS::AccountId"}
    qs.has_resource_properties("AWS::Events::Rule", {
        "EventPattern": {"source": ["aws.states"], "detail-type": ["Step Functions Execution Status Change"],
                         "detail": {"status": ["SUCCEEDED"],
                                    "stateMachineArn": [{"Ref": Match.string_like_regexp("preprocessing")}]}},
        "Targets": [Match.object_like({"Arn": {"Fn::GetAtt": [function, "Arn"]}})],
    })  # fmt: skip
    role = props["Role"]["Fn::GetAtt"][0]
    statements = [s for r in qs.find_resources("AWS::IAM::Policy").values() if {"Ref": role} in r["Properties"]["Roles"]
                  for s in r["Properties"]["PolicyDocument"]["Statement"]]  # fmt: skip
    [ingest] = [s for s in statements if s["Action"] == "quicksight:CreateIngestion"]
    assert len(ingest["Resource"]) == 2 * len(ids)  # each data set and its ingestions, nothing else
    assert not any("s3:" in json.dumps(s["Action"]) for s in statements)  # not a product-runtime Lambda


def test_the_refresh_handler_imports_from_its_packaged_asset(quicksight_synth: Synthesized, tmp_path: Path) -> None:
    python, runtime = make_interpreter(tmp_path)
    [handler] = [h for h in unpack_handlers(quicksight_synth.template, quicksight_synth.outdir, tmp_path)
                 if h.module == "mdap.bi.refresh"]  # fmt: skip
    done = run_in_lambda_layout(python, runtime, handler,
                                "import mdap.bi.refresh as m, mdap.adapters.aws.quicksight; assert callable(m.handler)")
    assert done.returncode == 0, done.stderr[-1500:]


def test_visuals_of_missing_views_are_left_out_and_unknown_columns_refused(tmp_path: Path) -> None:
    definition = json.loads((Sources().quicksight / "dashboard.json").read_text(encoding="utf-8"))
    (tmp_path / "dashboard.json").write_text(json.dumps(definition), encoding="utf-8")
    catalog = load_catalog()
    columns = {name: [c.name for c in view.columns] for name in ("sensor_rollup_1m", "production")
               if (view := catalog.view(name)) is not None}  # fmt: skip
    fitted, dropped = load_definition(tmp_path, columns)
    kept = [next(iter(v.values()))["VisualId"] for s in fitted["Sheets"] for v in s["Visuals"]]
    assert set(kept) == {"sensor-trend", "production-daily"} and "oee-line-shift" in dropped
    grids = [s["Layouts"][0]["Configuration"]["GridLayout"] for s in fitted["Sheets"]]
    elements = [e["ElementId"] for grid in grids for e in grid["Elements"]]
    assert sorted(elements) == sorted(kept)
    columns["production"] = [c for c in columns["production"] if c != "actual_qty"]
    with pytest.raises(DefinitionError, match="actual_qty"):
        load_definition(tmp_path, columns)


def test_site_access_rules_come_from_the_csv_and_refuse_what_is_no_group_or_site(tmp_path: Path) -> None:
    (tmp_path / "site_access.csv").write_text("group,site\nplant-a-managers,plant-a\nexecutives,\n", encoding="utf-8")
    rules = site_rules(tmp_path, "mdap-staff")
    assert rules == [("mdap-staff", None), ("plant-a-managers", "plant-a"), ("executives", None)]
    assert rules_sql(rules) == ("SELECT groupname, site FROM (VALUES ('mdap-staff', CAST(NULL AS varchar)), "
                                "('plant-a-managers', 'plant-a'), ('executives', CAST(NULL AS varchar))) "
                                "AS rules (groupname, site)")  # fmt: skip
    for bad in ("group,site\nx,a'b\n", "group,site\nmdap-staff,\n", "groups,sites\nx,y\n"):
        (tmp_path / "site_access.csv").write_text(bad, encoding="utf-8")
        with pytest.raises(DefinitionError):
            site_rules(tmp_path, "mdap-staff")
