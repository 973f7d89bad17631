"""What moto can prove of the Athena adapter beyond the shared contract: the Glue tables and the calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.athena.models import athena_backends
from moto.moto_api import state_manager

from mdap.adapters.aws.athena import AthenaQueryEngine
from mdap.catalog import load_catalog
from mdap.ports.errors import InvalidRequest
from tests.infra.synthesis import FIXTURES
from tests.integration.contracts.conftest import REGION
from tests.integration.contracts.query_data import keys
from tests.integration.contracts.test_query_contract import athena_engine, queue_athena_answer

SQL = "SELECT count(*) AS n FROM raw_readings"


@pytest.fixture
def glue(aws: None) -> Any:
    return boto3.client("glue", region_name=REGION)


@pytest.fixture
def session(aws: None) -> boto3.Session:
    return boto3.Session(region_name=REGION)


@pytest.fixture
def slow_athena(aws: None) -> Iterator[None]:
    """Each execution answers QUEUED, then RUNNING, for two status calls each, as a real query does."""
    state_manager.set_transition("athena::execution", {"progression": "manual", "times": 2})
    yield
    state_manager.unset_transition("athena::execution")


def _backend() -> Any:
    return athena_backends["123456789012"][REGION]


def test_glue_table_has_catalog_columns_partition_keys_location_and_no_projection(glue: Any) -> None:
    athena_engine().register_tables()
    table = glue.get_table(DatabaseName="mdap", Name="raw_readings")["Table"]
    columns = [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]
    assert columns == [("asset", "string"), ("tag", "string"), ("ts", "timestamp"), ("value", "double"),
                       ("value_text", "string"), ("quality", "string"), ("device", "string"), ("seq", "bigint")]
    assert [(p["Name"], p["Type"]) for p in table["PartitionKeys"]] == [
        ("site", "string"), ("source", "string"), ("date", "string"), ("hour", "string")]
    assert table["StorageDescriptor"]["Location"] == "s3://mdap-raw/raw/sensor_readings/"
    assert "Parquet" in table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"]
    assert "Parquet" in table["StorageDescriptor"]["InputFormat"]
    assert table["TableType"] == "EXTERNAL_TABLE"
    assert table["Description"] == load_catalog().tables[0].description
    # queried across every site: no projection (an injected site would have to be pinned by every query)
    projection = {key: value for key, value in table["Parameters"].items() if key.startswith("projection.")}
    assert projection == {"projection.enabled": "false"}


def test_landed_objects_become_glue_partitions_once(glue: Any) -> None:
    engine = athena_engine()
    engine.register_tables()
    engine.register_partitions("raw", keys())
    engine.register_partitions("raw", keys())  # again: already there, no error
    partitions = glue.get_partitions(DatabaseName="mdap", TableName="raw_readings")["Partitions"]
    assert sorted(p["Values"] for p in partitions) == [
        ["대성금속", "mqtt", "2025-03-02", "00"], ["한빛정밀", "modbus", "2025-03-01", "10"],
        ["한빛정밀", "opcua", "2025-03-01", "09"], ["한빛정밀", "opcua", "2025-03-01", "10"]]
    located = {p["StorageDescriptor"]["Location"] for p in partitions}
    assert "s3://mdap-raw/raw/sensor_readings/site=대성금속/source=mqtt/date=2025-03-02/hour=00/" in located
    assert all("Parquet" in p["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"] for p in partitions)
    engine.register_tables()  # updating the table keeps its partitions
    assert len(glue.get_partitions(DatabaseName="mdap", TableName="raw_readings")["Partitions"]) == 4


def test_every_projection_setting_of_a_projected_table_reaches_glue(glue: Any, session: boto3.Session) -> None:
    catalog = load_catalog(FIXTURES / "catalog" / "tables.json")
    session.client("athena").create_work_group(Name="mdap", Configuration={})
    AthenaQueryEngine(catalog, "mdap", "mdap", "s3://r/", session, buckets={"curated": "c"}).register_tables()
    params = glue.get_table(DatabaseName="mdap", Name="sensor_readings")["Table"]["Parameters"]
    table = catalog.table("sensor_readings")
    assert table is not None and not table.partitions_registered
    expected = {f"projection.{p.name}.{key}": value for p in table.partitions for key, value in p.projection.items()}
    assert "projection.date.interval.unit" in expected  # the one awswrangler has no argument for
    assert {key: params.get(key) for key in expected} == expected
    extra = {key for key in params if key.startswith("projection.")} - set(expected) - {"projection.enabled"}
    assert extra == set()


def test_registering_again_updates_the_table_in_place(glue: Any) -> None:
    engine = athena_engine()
    engine.register_tables()
    glue.update_table(DatabaseName="mdap", TableInput={"Name": "raw_readings", "Parameters": {"stale": "x"},
                                                          "StorageDescriptor": {"Columns": []}})
    engine.register_tables()
    table = glue.get_table(DatabaseName="mdap", Name="raw_readings")["Table"]
    assert "stale" not in table["Parameters"] and len(table["StorageDescriptor"]["Columns"]) == 8


def test_query_runs_in_the_configured_database_workgroup_and_output(aws: None) -> None:
    engine = athena_engine()
    queue_athena_answer([("n", "bigint")], [["5"]])
    assert engine.query(SQL).rows == [(5,)]
    [execution] = _backend().executions.values()
    assert execution.query == SQL
    assert execution.context["Database"] == "mdap"  # moto types it as str
    assert execution.workgroup is not None and execution.workgroup.name == "mdap"
    assert execution.config["OutputLocation"].startswith("s3://mdap-athena-results/")


def test_the_answer_is_read_from_the_result_csv_athena_wrote(session: boto3.Session) -> None:
    engine = athena_engine(session)
    queue_athena_answer([("asset", "varchar"), ("n", "bigint")], [["사출기-1, 2호", "3"]])
    seen: list[str] = []
    session.events.register("before-parameter-build.s3.GetObject", lambda params, **_: seen.append(params["Key"]))
    assert engine.query(SQL).rows == [("사출기-1, 2호", 3)]  # a comma inside a quoted CSV field
    [execution] = _backend().executions.values()
    assert seen == [execution.config["OutputLocation"].removeprefix("s3://mdap-athena-results/")]


def test_the_engine_waits_while_athena_is_still_running(session: boto3.Session, slow_athena: None) -> None:
    engine = athena_engine(session)
    queue_athena_answer([("n", "bigint")], [["7"]])
    states: list[str] = []
    session.events.register("after-call.athena.GetQueryExecution",
                            lambda parsed, **_: states.append(parsed["QueryExecution"]["Status"]["State"]))
    assert engine.query(SQL).rows == [(7,)]
    assert states[0] != "SUCCEEDED" and states[-1] == "SUCCEEDED"


def test_a_query_athena_fails_is_refused_as_invalid_request(session: boto3.Session) -> None:
    engine = athena_engine(session)

    def athena_fails_it(parsed: dict[str, Any], **_: Any) -> None:
        _backend().executions[parsed["QueryExecutionId"]].status = "FAILED"

    session.events.register("after-call.athena.StartQueryExecution", athena_fails_it)
    with pytest.raises(InvalidRequest, match="query failed"):
        engine.query(SQL)


def test_the_raw_buckets_object_created_event_registers_the_partition(glue: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from mdap.catalog.arrivals import handler

    athena_engine().register_tables()
    monkeypatch.setenv("MDAP_REGION", REGION)
    key = keys()[0]
    event = {"source": "aws.s3", "detail-type": "Object Created",
             "detail": {"bucket": {"name": "mdap-raw"}, "object": {"key": key}}}
    context = SimpleNamespace(function_name="arrivals", memory_limit_in_mb=256, aws_request_id="r1",
                              invoked_function_arn="arn:aws:lambda:ap-northeast-2:123456789012:function:arrivals")
    assert handler(event, context) == {"registered": [key.rsplit("/", 1)[0] + "/"]}
    assert handler({"detail": {"bucket": {"name": "somebody-else"}, "object": {"key": key}}},
                   context) == {"registered": []}
    [partition] = glue.get_partitions(DatabaseName="mdap", TableName="raw_readings")["Partitions"]
    assert partition["Values"] == list(load_catalog().tables[0].partition_of(key) or ())


def test_curated_tables_are_symlink_manifest_tables_with_column_comments(glue: Any) -> None:
    engine = athena_engine()
    engine.register_tables()
    table = glue.get_table(DatabaseName="mdap", Name="curated_sensor_readings")["Table"]
    storage = table["StorageDescriptor"]
    assert storage["InputFormat"] == "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat"
    assert storage["SerdeInfo"]["SerializationLibrary"] == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    assert storage["Location"] == "s3://mdap-curated/curated/sensor_readings/_symlink_format_manifest/"
    assert {"Name": "ts", "Type": "timestamp", "Comment": "측정 시각(UTC)"} in storage["Columns"]
    assert [p["Name"] for p in table["PartitionKeys"]] == ["site", "date"]
    engine.register_tables()  # again: updated in place
    assert glue.get_table(DatabaseName="mdap", Name="curated_sensor_readings")["Table"]["PartitionKeys"]


def test_views_are_created_by_athena_in_the_platform_database(glue: Any) -> None:
    engine = athena_engine()
    engine.register_tables()
    statements = [e.query for e in _backend().executions.values()]
    created = [q.split('"')[1] for q in statements if q.startswith("CREATE OR REPLACE VIEW")]
    assert created == [view.name for view in load_catalog().views]
    assert all(e.context["Database"] == "mdap" for e in _backend().executions.values())


def test_a_committed_manifest_registers_its_partition_at_the_manifest_folder(glue: Any) -> None:
    engine = athena_engine()
    engine.register_tables()
    manifest = "curated/sensor_readings/_symlink_format_manifest/site=demo/date=2025-03-03/manifest"
    assert engine.register_partitions("curated", [manifest, "curated/sensor_readings/site=demo/x.parquet"]) == [
        manifest.removesuffix("manifest")]
    [partition] = glue.get_partitions(DatabaseName="mdap", TableName="curated_sensor_readings")["Partitions"]
    assert partition["Values"] == ["demo", "2025-03-03"]
    assert partition["StorageDescriptor"]["Location"] == f"s3://mdap-curated/{manifest.removesuffix('manifest')}"
    assert partition["StorageDescriptor"]["InputFormat"].endswith("SymlinkTextInputFormat")
