"""What moto can prove of the Athena adapter beyond the shared contract: the Glue tables and the call."""

from __future__ import annotations

import boto3
import pytest
from moto.athena.models import athena_backends

from tests.integration.contracts.conftest import REGION
from tests.integration.contracts.test_query_contract import athena_engine, queue_athena_answer


@pytest.fixture
def glue(aws: None) -> object:
    return boto3.client("glue", region_name=REGION)


def test_glue_table_has_catalog_columns_partition_keys_location_and_projection(glue: object) -> None:
    athena_engine().register_tables()
    table = glue.get_table(DatabaseName="mdap", Name="raw_readings")["Table"]  # type: ignore[attr-defined]
    columns = [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]
    assert columns == [("asset", "string"), ("tag", "string"), ("ts", "timestamp"), ("value", "double"),
                       ("quality", "string")]
    assert [(p["Name"], p["Type"]) for p in table["PartitionKeys"]] == [
        ("site", "string"), ("source", "string"), ("date", "string"), ("hour", "string")]
    assert table["StorageDescriptor"]["Location"] == "s3://mdap-raw/raw/"
    assert "Parquet" in table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"]
    params = table["Parameters"]
    assert params["projection.enabled"] == "true"
    assert params["projection.site.type"] == "injected"
    assert params["projection.hour.digits"] == "2"
    assert params["storage.location.template"] == (
        "s3://mdap-raw/raw/site=${site}/source=${source}/date=${date}/hour=${hour}/")


def test_query_runs_in_the_configured_database_workgroup_and_output(aws: None) -> None:
    engine = athena_engine()
    queue_athena_answer([("n", "bigint")], [["5"]])
    assert engine.query("SELECT count(*) AS n FROM raw_readings WHERE site = 'x'").rows == [(5,)]
    [execution] = athena_backends["123456789012"][REGION].executions.values()
    assert execution.query == "SELECT count(*) AS n FROM raw_readings WHERE site = 'x'"
    assert execution.context["Database"] == "mdap"  # type: ignore[index]  # moto types it as str
    assert execution.workgroup is not None and execution.workgroup.name == "mdap"
    assert execution.config["OutputLocation"].startswith("s3://mdap-athena-results/")
