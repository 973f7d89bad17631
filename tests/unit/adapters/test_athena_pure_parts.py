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
    args = parquet_table_args(_table((Partition("day", "string", {"type": "date", "format": "yyyy-MM-dd",
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
