"""What moto can prove of the Athena adapter beyond the shared contract: the Glue tables and the calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.athena.models import athena_backends
from moto.moto_api import state_manager

from mdap.catalog import load_catalog
from mdap.ports.errors import InvalidRequest
from tests.integration.contracts.conftest import REGION
from tests.integration.contracts.test_query_contract import athena_engine, queue_athena_answer

SQL = "SELECT count(*) AS n FROM raw_readings WHERE site = 'x'"


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


def test_glue_table_has_catalog_columns_partition_keys_location_and_projection(glue: Any) -> None:
    athena_engine().register_tables()
    table = glue.get_table(DatabaseName="mdap", Name="raw_readings")["Table"]
    columns = [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]
    assert columns == [("asset", "string"), ("tag", "string"), ("ts", "timestamp"), ("value", "double"),
                       ("quality", "string")]
    assert [(p["Name"], p["Type"]) for p in table["PartitionKeys"]] == [
        ("site", "string"), ("source", "string"), ("date", "string"), ("hour", "string")]
    assert table["StorageDescriptor"]["Location"] == "s3://mdap-raw/raw/"
    assert "Parquet" in table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"]
    assert "Parquet" in table["StorageDescriptor"]["InputFormat"]
    assert table["TableType"] == "EXTERNAL_TABLE"
    assert table["Description"] == load_catalog().tables[0].description
    params = table["Parameters"]
    assert (params["classification"], params["EXTERNAL"], params["projection.enabled"]) == ("parquet", "TRUE", "true")
    assert params["storage.location.template"] == (
        "s3://mdap-raw/raw/site=${site}/source=${source}/date=${date}/hour=${hour}/")


def test_every_projection_setting_of_the_catalog_reaches_glue(glue: Any) -> None:
    athena_engine().register_tables()
    params = glue.get_table(DatabaseName="mdap", Name="raw_readings")["Table"]["Parameters"]
    [table] = load_catalog().tables
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
    assert "stale" not in table["Parameters"] and len(table["StorageDescriptor"]["Columns"]) == 5


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
