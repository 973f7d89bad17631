"""Athena-dialect SQL semantics, proven on DuckDB (moto runs no SQL; Athena runs the same text)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mdap.adapters.local.query import DuckDbQueryEngine
from mdap.catalog import load_catalog
from tests.integration.contracts.query_data import write_readings

HANBIT = "site = '한빛정밀'"


@pytest.fixture
def engine(tmp_path: Path) -> DuckDbQueryEngine:
    write_readings(tmp_path)
    return DuckDbQueryEngine(load_catalog(), tmp_path)


def test_date_trunc_groups_readings_by_hour(engine: DuckDbQueryEngine) -> None:
    result = engine.query(f"SELECT date_trunc('hour', ts) AS h, count(*) AS n FROM raw_readings "
                          f"WHERE {HANBIT} GROUP BY 1 ORDER BY 1")
    assert result.rows == [(datetime(2025, 3, 1, 9), 2), (datetime(2025, 3, 1, 10), 2)]


def test_from_iso8601_timestamp_filters_by_time(engine: DuckDbQueryEngine) -> None:
    result = engine.query(f"SELECT count(*) FROM raw_readings WHERE {HANBIT} "
                          "AND ts >= from_iso8601_timestamp('2025-03-01T09:30:00Z')")
    assert result.rows == [(3,)]


def test_approx_percentile_and_cast(engine: DuckDbQueryEngine) -> None:
    result = engine.query(f"SELECT CAST(approx_percentile(value, 0.5) AS integer) AS p50, "
                          f"CAST(max(value) AS varchar) AS top FROM raw_readings WHERE {HANBIT} AND tag = 'temp'")
    assert result.rows == [(215, "230.0")]


def test_concat_operator_and_korean_literals(engine: DuckDbQueryEngine) -> None:
    result = engine.query("SELECT site || '/' || asset AS label FROM raw_readings "
                          "WHERE site = '대성금속' AND asset = '로봇-7'")
    assert result.rows == [("대성금속/로봇-7",)]


def test_partition_keys_are_strings_from_the_path(engine: DuckDbQueryEngine) -> None:
    result = engine.query(f'SELECT DISTINCT source, "date", hour FROM raw_readings WHERE {HANBIT} ORDER BY 1, 3')
    assert result.rows == [("modbus", "2025-03-01", "10"), ("opcua", "2025-03-01", "09"),
                           ("opcua", "2025-03-01", "10")]


def test_a_table_without_files_is_empty_with_its_columns_then_sees_new_files(tmp_path: Path) -> None:
    engine = DuckDbQueryEngine(load_catalog(), tmp_path)
    empty = engine.query(f"SELECT * FROM raw_readings WHERE {HANBIT}")
    assert empty.rows == []
    assert empty.columns == ["asset", "tag", "ts", "value", "value_text", "quality", "device", "seq",
                             "site", "source", "date", "hour"]
    write_readings(tmp_path)
    assert engine.query(f"SELECT count(*) FROM raw_readings WHERE {HANBIT}").rows == [(4,)]


def test_files_with_older_schemas_are_read_by_name(engine: DuckDbQueryEngine, tmp_path: Path) -> None:
    folder = (tmp_path / "raw" / "raw" / "sensor_readings" / "site=한빛정밀" / "source=file" / "date=2025-03-03"
              / "hour=01")
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"value": [9.5], "asset": ["수동"], "ts": pa.array([datetime(2025, 3, 3, 1)],
                                                                                 pa.timestamp("ms"))}),
                   folder / "old.parquet")
    result = engine.query(f"SELECT asset, tag, value FROM raw_readings WHERE {HANBIT} AND source = 'file'")
    assert result.rows == [("수동", None, 9.5)]


def test_duckdb_cannot_read_files_outside_the_catalog_even_past_the_parser(engine: DuckDbQueryEngine,
                                                                            tmp_path: Path) -> None:
    """The parser refuses file functions; DuckDB itself is locked down as well, for anything that slips by."""
    (tmp_path / "raw.index.sqlite3").write_text("index")
    cursor = engine._db.cursor()  # the raw connection, as a parser bypass would reach it
    for sql in ("SELECT * FROM read_csv('/etc/passwd')", f"SELECT * FROM read_text('{tmp_path}/raw.index.sqlite3')",
                "SET enable_external_access = true", "SET allowed_directories = ['/']",
                "ATTACH '/tmp/other.duckdb'", f"COPY (SELECT 1) TO '{tmp_path}/out.csv'"):
        with pytest.raises(duckdb.Error):
            cursor.execute(sql)
    assert not (tmp_path / "out.csv").exists()
    assert engine.query(f"SELECT count(*) FROM raw_readings WHERE {HANBIT}").rows == [(4,)]
