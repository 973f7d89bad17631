"""The Athena adapter's pure parts: the awswrangler table arguments and the result values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest

from mdap.adapters.aws.athena import parquet_table_args, plain_rows
from mdap.catalog import CatalogError, Column, Partition, TableDef


def _table(partitions: tuple[Partition, ...], format: str = "parquet") -> TableDef:
    return TableDef("t", "curated", "curated/t/", (Column("v", "double"),), partitions, format, "doc")


def test_table_args_separate_columns_from_partition_keys_and_map_projection() -> None:
    args = parquet_table_args(_table((Partition("day", "string", projection={"type": "date", "format": "yyyy-MM-dd",
                                                                   "interval.unit": "DAYS"}),)), "bucket-c")
    assert (args["table"], args["path"], args["description"]) == ("t", "s3://bucket-c/curated/t/", "doc")
    assert args["columns_types"] == {"v": "double"}
    assert args["partitions_types"] == {"day": "string"}
    assert args["athena_partition_projection_settings"] == {
        "projection_types": {"day": "date"}, "projection_formats": {"day": "yyyy-MM-dd"},
        "projection_storage_location_template": "s3://bucket-c/curated/t/day=${day}/"}
    assert args["parameters"] == {"EXTERNAL": "TRUE", "projection.day.interval.unit": "DAYS"}


def test_a_table_without_partitions_has_no_projection() -> None:
    assert parquet_table_args(_table(()), "b")["athena_partition_projection_settings"] is None


def test_a_table_in_another_format_is_refused_naming_table_and_format() -> None:
    with pytest.raises(CatalogError, match=r"'t'.*'csv'"):
        parquet_table_args(_table((), "csv"), "b")


def test_result_frames_become_plain_python_values_with_none_for_null() -> None:
    frame = pd.DataFrame({
        "i": pd.array([7, None], dtype="Int64"), "d": [1.5, float("nan")],
        "m": [Decimal("2.25"), None], "b": pd.array([True, None], dtype="boolean"),
        "day": [date(2025, 3, 1), None], "ts": pd.to_datetime(["2025-03-01 09:00:00.123", None]),
        "s": pd.array(["한글", None], dtype="string")})
    first, second = plain_rows(frame)
    assert first == (7, 1.5, Decimal("2.25"), True, date(2025, 3, 1), datetime(2025, 3, 1, 9, 0, 0, 123000), "한글")
    assert [type(value) for value in first] == [int, float, Decimal, bool, date, datetime, str]
    assert second == (None,) * 7


def test_objects_of_an_on_arrival_table_name_their_partition_and_glue_gets_its_location() -> None:
    from mdap.adapters.aws.glue_partitions import partition_input
    from mdap.catalog import load_catalog

    catalog = load_catalog()
    table = catalog.table("raw_readings")
    assert table is not None and table.partitions_registered
    key = "raw/sensor_readings/site=demo/source=opcua/date=2025-03-01/hour=09/edge-01-1-9.parquet"
    assert table.partition_of(key) == ("demo", "opcua", "2025-03-01", "09")
    for other in ("raw/sensor_readings/site=demo/x.parquet", "raw/other/site=demo/source=a/date=b/hour=c/f",
                  "raw/sensor_readings/source=a/site=demo/date=b/hour=c/f.parquet"):
        assert table.partition_of(other) is None
    arrived = catalog.arrivals("raw", [key, key])
    location = "raw/sensor_readings/site=demo/source=opcua/date=2025-03-01/hour=09/"
    assert list(arrived) == [location] and catalog.arrivals("curated", [key]) == {}
    glue = partition_input(table, ("demo", "opcua", "2025-03-01", "09"), f"s3://mdap-raw/{location}")
    assert glue["Values"] == ["demo", "opcua", "2025-03-01", "09"]
    assert glue["StorageDescriptor"]["Location"] == f"s3://mdap-raw/{location}"
    assert [c["Name"] for c in glue["StorageDescriptor"]["Columns"]] == [c.name for c in table.columns]


def test_an_on_arrival_table_is_updated_in_place_without_projection() -> None:
    from mdap.catalog import load_catalog

    table = load_catalog().table("raw_readings")
    assert table is not None
    args = parquet_table_args(table, "mdap-raw")
    assert args["mode"] == "update" and args["athena_partition_projection_settings"] is None
    assert args["path"] == "s3://mdap-raw/raw/sensor_readings/"
