"""The CDK app and the product's AWS adapters describe the same Glue tables and the same DynamoDB table.

Each side is read from its own source: the synthesized template, and what the adapter creates (the Athena
adapter registering the catalog on moto; ``create_dynamo_table`` recorded by a fake client).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
from moto import mock_aws

from mdap.adapters.aws.athena import AthenaQueryEngine
from mdap.adapters.aws.dynamodb import create_dynamo_table
from mdap.catalog import Catalog, load_catalog
from tests.infra.synthesis import FIXTURES, Synthesized

REGION = "ap-northeast-2"
# What decides how Athena reads a table; Glue's own bookkeeping parameters (awswrangler adds some) do not.
_READ_PARAMETERS = ("classification", "EXTERNAL", "projection.", "storage.location.template")


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def _resolve(value: Any, refs: dict[str, str]) -> Any:
    """Render CloudFormation's Fn::Join/Ref of bucket names as the adapter's literal strings."""
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(_resolve(part, refs) for part in parts)
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return refs[value["Ref"]]
    if isinstance(value, dict):
        return {k: _resolve(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, refs) for v in value]
    return value


def _zone_buckets(template: dict[str, Any]) -> dict[str, str]:
    """Bucket logical id -> "bucket-<zone>", found through the settings the API Lambda is given."""
    api = next(r["Properties"] for r in template["Resources"].values()
               if r["Type"] == "AWS::Lambda::Function" and r["Properties"].get("Handler") == "app.app")
    variables = api["Environment"]["Variables"]
    return {ref["Ref"]: f"bucket-{name.removeprefix('MDAP_').removesuffix('_BUCKET').lower()}"
            for name, ref in variables.items() if name.endswith("_BUCKET")}  # fmt: skip


def _how_athena_reads(table_input: dict[str, Any]) -> dict[str, Any]:
    storage = table_input["StorageDescriptor"]
    return {
        "name": table_input["Name"], "type": table_input["TableType"],
        "description": table_input.get("Description") or None,
        "columns": [(c["Name"], c["Type"]) for c in storage["Columns"]],
        "partition_keys": [(c["Name"], c["Type"]) for c in table_input.get("PartitionKeys", [])],
        "location": storage["Location"], "formats": (storage["InputFormat"], storage["OutputFormat"]),
        "serde": storage["SerdeInfo"]["SerializationLibrary"],
        "parameters": {k: v for k, v in table_input["Parameters"].items() if k.startswith(_READ_PARAMETERS)},
    }  # fmt: skip


def _registered_by_adapter(catalog: Catalog) -> dict[str, dict[str, Any]]:
    session = boto3.Session(region_name=REGION)
    session.client("athena").create_work_group(Name="mdap", Configuration={})  # the views are created through it
    buckets = {zone: f"bucket-{zone}" for zone in {t.zone for t in catalog.tables}}
    engine = AthenaQueryEngine(catalog, "mdap", "mdap", "s3://bucket-athena_results/results/", session,
                               buckets=buckets)  # fmt: skip
    engine.register_tables()
    glue = session.client("glue")
    return {t.name: glue.get_table(DatabaseName="mdap", Name=t.name)["Table"] for t in catalog.tables}


@pytest.mark.parametrize("which", ["fixture_synth", "product_synth"])
@pytest.mark.usefixtures("aws")
def test_glue_tables_are_the_ones_the_athena_adapter_registers(which: str, request: pytest.FixtureRequest) -> None:
    synthesized: Synthesized = request.getfixturevalue(which)
    catalog = load_catalog(FIXTURES / "catalog" / "tables.json" if which == "fixture_synth" else None)
    if not catalog.tables:
        pytest.skip("the catalog defines no table yet: nothing to compare")
    refs = _zone_buckets(synthesized.template)
    deployed = {r["Properties"]["TableInput"]["Name"]: _resolve(r["Properties"]["TableInput"], refs)
                for r in synthesized.template["Resources"].values() if r["Type"] == "AWS::Glue::Table"}
    registered = _registered_by_adapter(catalog)
    assert set(deployed) == set(registered) == {t.name for t in catalog.tables}
    for name, table in registered.items():
        assert _how_athena_reads(deployed[name]) == _how_athena_reads(table), name


class _RecordingClient:
    """Stands in for a DynamoDB client: keeps the requests create_dynamo_table makes."""

    def __init__(self) -> None:
        self.requests: dict[str, dict[str, Any]] = {}

    def create_table(self, **request: Any) -> None:
        self.requests["create_table"] = request

    def update_time_to_live(self, **request: Any) -> None:
        self.requests["update_time_to_live"] = request

    def get_waiter(self, name: str) -> Any:
        return SimpleNamespace(wait=lambda **_: None)


def test_dynamodb_table_is_the_one_the_table_adapter_creates(fixture_synth: Synthesized) -> None:
    client = _RecordingClient()
    create_dynamo_table(client, "mdap")
    wanted, ttl = client.requests["create_table"], client.requests["update_time_to_live"]
    tables = [r["Properties"] for r in fixture_synth.template["Resources"].values()
              if r["Type"] == "AWS::DynamoDB::Table"]
    assert len(tables) == 1
    deployed = tables[0]
    assert deployed["BillingMode"] == wanted["BillingMode"]
    assert deployed["KeySchema"] == wanted["KeySchema"]
    assert sorted(deployed["AttributeDefinitions"], key=str) == sorted(wanted["AttributeDefinitions"], key=str)
    assert deployed["GlobalSecondaryIndexes"] == wanted["GlobalSecondaryIndexes"]
    assert deployed["TimeToLiveSpecification"] == ttl["TimeToLiveSpecification"]


def test_fixture_catalog_is_readable_by_the_product_loader() -> None:
    catalog = load_catalog(Path(FIXTURES / "catalog" / "tables.json"))
    assert {t.zone for t in catalog.tables} == {"raw", "curated"}
    assert all(t.partitions and (t.partitions_registered or all("type" in p.projection for p in t.partitions))
               for t in catalog.tables)
    assert {t.name for t in catalog.tables if t.partitions_registered} == {"fixture_raw"}
