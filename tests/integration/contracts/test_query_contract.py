"""One contract for QueryEngine: DuckDB over local Parquet and Athena/Glue (on moto).

moto runs no SQL, so the Athena side answers with the rows Athena would return (queued through
moto's API, as text with column types). moto then does what Athena does with a finished query: it
writes the result CSV to the output location, which awswrangler reads back with those column types.
SQL semantics are proven on DuckDB in test_query_duckdb.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import boto3
import pytest
import requests

from mdap.adapters.aws.athena import AthenaQueryEngine
from mdap.adapters.local.query import DuckDbQueryEngine
from mdap.catalog import load_catalog
from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryEngine
from tests.integration.contracts.conftest import REGION
from tests.integration.contracts.query_data import keys, write_readings

Answer = Callable[[list[tuple[str, str]], list[list[str | None]]], None]


@dataclass
class Engines:
    engine: QueryEngine
    answer: Answer  # what Athena would send back for the next query; DuckDB computes it itself


def queue_athena_answer(columns: list[tuple[str, str]], rows: list[list[str | None]]) -> None:
    header = {"Data": [{"VarCharValue": name} for name, _ in columns]}
    body = [{"Data": [{"VarCharValue": v} if v is not None else {} for v in row]} for row in rows]
    info = [{"Name": name, "Label": name, "Type": kind, "CatalogName": "hive", "SchemaName": "", "TableName": "",
             "Precision": 0, "Scale": 0, "Nullable": "UNKNOWN", "CaseSensitive": False} for name, kind in columns]
    response = requests.post("http://motoapi.amazonaws.com/moto-api/static/athena/query-results", timeout=10,
                             json={"account_id": "123456789012", "region": REGION,
                                   "results": [{"rows": [header, *body], "column_info": info}]})
    assert response.status_code == 201, response.text


def athena_engine(session: boto3.Session | None = None) -> AthenaQueryEngine:
    session = session or boto3.Session(region_name=REGION)
    session.client("s3").create_bucket(Bucket="mdap-athena-results",
                                       CreateBucketConfiguration={"LocationConstraint": REGION})
    session.client("athena").create_work_group(Name="mdap", Configuration={})
    return AthenaQueryEngine(load_catalog(), "mdap", "mdap", "s3://mdap-athena-results/", session,
                             session.client("glue"), buckets={"raw": "mdap-raw"}, poll_seconds=0.01)


@pytest.fixture(params=["duckdb", "athena"])
def engines(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engines]:
    if request.param == "duckdb":
        write_readings(tmp_path)
        yield Engines(DuckDbQueryEngine(load_catalog(), tmp_path), lambda columns, rows: None)
        return
    request.getfixturevalue("aws")
    engine = athena_engine()
    engine.register_tables()
    yield Engines(engine, queue_athena_answer)


def test_register_tables_returns_every_catalog_table_and_view(engines: Engines) -> None:
    catalog = load_catalog()
    names = [t.name for t in catalog.tables] + [v.name for v in catalog.views]
    assert names[0] == "raw_readings" and "sensor_readings_clean" in names
    assert engines.engine.register_tables() == names
    assert engines.engine.register_tables() == names  # again: updates, does not fail


def test_show_tables_lists_tables_and_views_with_descriptions_but_not_restricted_ones(engines: Engines) -> None:
    result = engines.engine.query("SHOW TABLES")  # answered from the catalog: nothing is queued for Athena
    assert result.columns == ["name", "kind", "description"]
    listed = {name: (kind, text) for name, kind, text in result.rows}
    views = {"sensor_readings_clean", "production_orders_clean", "inspection_records_clean", "sensor_rollup_1m",
             "production", "quality", "downtime", "data_quality", "collection_health", "quarantine"}
    assert views <= {name for name, (kind, _) in listed.items() if kind == "view"}
    assert listed["raw_readings"][0] == "table" and all(text for _, text in listed.values())
    assert "quarantine_rows" not in listed  # restricted: read through the quarantine view
    assert [row[0] for row in engines.engine.query("show views like 'sensor%';").rows] == [
        "sensor_readings_clean", "sensor_rollup_1m"]


def test_describe_lists_columns_types_and_descriptions(engines: Engines) -> None:
    result = engines.engine.query("DESCRIBE raw_readings")
    assert result.columns == ["column", "type", "kind", "description"]
    assert result.rows[0] == ("asset", "string", "column", "설비 식별자")
    assert [(r[0], r[2]) for r in result.rows[-4:]] == [("site", "partition"), ("source", "partition"),
                                                         ("date", "partition"), ("hour", "partition")]
    clean = engines.engine.query('DESC "sensor_readings_clean"').rows
    assert ("ts", "timestamp", "column", "측정 시각(UTC)") in clean  # the contract's own words
    assert engines.engine.query("SHOW COLUMNS FROM quarantine").rows[-1][0] == "reason"
    with pytest.raises(InvalidRequest, match="no table or view"):
        engines.engine.query("DESCRIBE quarantine_rows")


def test_a_query_returns_named_columns_and_typed_values(engines: Engines) -> None:
    engines.answer([("asset", "varchar"), ("n", "bigint"), ("peak", "double"), ("first_ts", "timestamp")],
                   [["사출기-1", "2", "215.0", "2025-03-01 09:00:05.000"]])
    result = engines.engine.query(
        "SELECT asset, count(*) AS n, max(value) AS peak, min(ts) AS first_ts FROM raw_readings "
        "WHERE site = '한빛정밀' AND \"date\" = '2025-03-01' AND hour = '09' GROUP BY asset")
    assert result.columns == ["asset", "n", "peak", "first_ts"]
    assert result.rows == [("사출기-1", 2, 215.0, datetime(2025, 3, 1, 9, 0, 5))]
    assert [type(value) for value in result.rows[0]] == [str, int, float, datetime]  # plain Python values


def test_nulls_come_back_as_none(engines: Engines) -> None:
    engines.answer([("s", "varchar"), ("n", "bigint"), ("x", "double"), ("t", "timestamp")], [[None] * 4])
    result = engines.engine.query("SELECT CAST(NULL AS varchar) AS s, CAST(NULL AS bigint) AS n, "
                                  "CAST(NULL AS double) AS x, CAST(NULL AS timestamp) AS t")
    assert result.rows == [(None, None, None, None)]


@pytest.mark.parametrize("sql, message", [
    ("SELEC asset FROM raw_readings", "syntax"),
    ("SELECT 1; SELECT 2", "exactly one"),
    ("DROP TABLE raw_readings", "only queries"),
])
def test_bad_sql_is_refused_with_a_message_naming_the_problem(engines: Engines, sql: str, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        engines.engine.query(sql)




@pytest.mark.parametrize("sql, named", [
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("SELECT * FROM read_parquet(['/etc/x.parquet'])", "read_parquet"),
    ("SELECT * FROM read_text('/etc/hostname')", "read_text"),
    ("SELECT content FROM read_blob('/etc/hostname')", "read_blob"),
    ("SELECT * FROM TABLE(read_csv('/etc/passwd'))", "read_csv"),
    ("SELECT * FROM duckdb_settings()", "duckdb_settings"),
    ("SELECT * FROM query_table('raw_readings')", "query_table"),
    ("SELECT read_text('/etc/hostname') AS t", "read_text"),
    ("SELECT * FROM \"/etc/passwd\"", "/etc/passwd"),
    ("SELECT * FROM secrets", "secrets"),
    ("SELECT * FROM information_schema.tables", "information_schema.tables"),
    ("SELECT * FROM other.raw_readings WHERE site = 'a'", "other.raw_readings"),
    ("WITH r AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM r", "read_csv"),
    ("SELECT * FROM raw_readings WHERE site = 'a' AND asset IN (SELECT * FROM glob_files)", "glob_files"),
])
def test_only_catalog_tables_can_be_read(engines: Engines, sql: str, named: str) -> None:
    with pytest.raises(InvalidRequest, match=f"{named!s}.*(not a catalog table|not allowed)"):
        engines.engine.query(sql)


def test_restricted_tables_are_read_only_through_their_views(engines: Engines) -> None:
    with pytest.raises(InvalidRequest, match=r"quarantine_rows is restricted.*quarantine"):
        engines.engine.query("SELECT original FROM quarantine_rows")


def test_readings_are_counted_across_sites_without_pinning_one(engines: Engines) -> None:
    engines.answer([("site", "varchar"), ("n", "bigint")], [["대성금속", "1"], ["한빛정밀", "4"]])
    result = engines.engine.query("SELECT site, count(*) AS n FROM raw_readings GROUP BY site ORDER BY site")
    assert result.rows == [("대성금속", 1), ("한빛정밀", 4)]


def test_landed_objects_name_their_partitions_and_other_keys_are_ignored(engines: Engines) -> None:
    landed = [*keys(), keys()[0], "raw/sensor_readings/site=x/not-a-partition.parquet", "documents/a.pdf"]
    expected = sorted({key.rsplit("/", 1)[0] + "/" for key in keys()})
    assert engines.engine.register_partitions("raw", landed) == expected
    assert engines.engine.register_partitions("raw", landed) == expected  # again: nothing new, no error
    assert engines.engine.register_partitions("curated", keys()) == []


def test_with_clause_names_and_catalog_tables_are_accepted(engines: Engines) -> None:
    engines.answer([("n", "bigint")], [["4"]])
    result = engines.engine.query("WITH r AS (SELECT asset FROM raw_readings WHERE site = '한빛정밀') "
                                  "SELECT count(*) AS n FROM r")
    assert result.rows == [(4,)]
