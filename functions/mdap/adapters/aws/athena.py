"""QueryEngine on Athena over Glue tables built from the same catalog as the local engine.

Glue tables use partition projection (settings from the catalog), so new partitions are
queryable the moment their objects land: no crawler, no MSCK REPAIR, no partition bookkeeping.
Queries go through StartQueryExecution / GetQueryResults directly: awswrangler's non-CTAS path
reads the result CSV from S3, which adds pandas to every Lambda and cannot be proven on moto.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from mdap.catalog import Catalog, TableDef
from mdap.catalog.sql import parse_query
from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryEngine, QueryResult

_PARQUET = {
    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
}
_DONE = {"SUCCEEDED", "FAILED", "CANCELLED"}


class AthenaQueryEngine(QueryEngine):
    def __init__(self, catalog: Catalog, database: str, workgroup: str, output_location: str,
                 boto3_session: Any, glue: Any = None, *, buckets: Mapping[str, str] | None = None,
                 poll_seconds: float = 0.5) -> None:
        self._catalog = catalog
        self._database = database
        self._workgroup = workgroup
        self._output = output_location
        self._athena = boto3_session.client("athena")
        self._glue = glue or boto3_session.client("glue")
        self._buckets = dict(buckets or {})  # zone -> bucket; default mdap-{zone} as in settings
        self._poll = poll_seconds

    def register_tables(self) -> list[str]:
        with contextlib.suppress(self._glue.exceptions.AlreadyExistsException):
            self._glue.create_database(DatabaseInput={"Name": self._database})
        for table in self._catalog.tables:
            table_input = glue_table_input(table, self._bucket(table.zone))
            try:
                self._glue.create_table(DatabaseName=self._database, TableInput=table_input)
            except self._glue.exceptions.AlreadyExistsException:
                self._glue.update_table(DatabaseName=self._database, TableInput=table_input)
        return [table.name for table in self._catalog.tables]

    def query(self, sql: str) -> QueryResult:
        parse_query(sql, self._catalog)  # the same refusals as the local engine, before paying for a scan
        execution = self._athena.start_query_execution(
            QueryString=sql, WorkGroup=self._workgroup,
            QueryExecutionContext={"Database": self._database},
            ResultConfiguration={"OutputLocation": self._output},
        )["QueryExecutionId"]
        self._wait(execution)
        columns: list[str] = []
        rows: list[tuple[Any, ...]] = []
        for page_number, page in enumerate(self._pages(execution)):
            info = page["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]
            columns = [column["Name"] for column in info]
            raw = page["ResultSet"].get("Rows", [])
            # The first row of a SELECT's first page repeats the column names.
            rows += [convert_row(row, info) for row in (raw[1:] if page_number == 0 else raw)]
        return QueryResult(columns, rows)

    def _wait(self, execution: str) -> None:
        delay = self._poll
        while True:
            status = self._athena.get_query_execution(QueryExecutionId=execution)["QueryExecution"]["Status"]
            if status["State"] in _DONE:
                break
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
        if status["State"] != "SUCCEEDED":
            reason = status.get("StateChangeReason", status["State"].lower())
            raise InvalidRequest(f"query failed: {reason}")

    def _pages(self, execution: str) -> Iterator[dict[str, Any]]:
        yield from self._athena.get_paginator("get_query_results").paginate(QueryExecutionId=execution)

    def _bucket(self, zone: str) -> str:
        return self._buckets.get(zone, f"mdap-{zone}")


def glue_table_input(table: TableDef, bucket: str) -> dict[str, Any]:
    """The Glue TableInput for one catalog table (pure: unit-tested without AWS)."""
    location = f"s3://{bucket}/{table.prefix}"
    template = location + "/".join(f"{p.name}=${{{p.name}}}" for p in table.partitions) + "/"
    parameters = {"classification": table.format, "EXTERNAL": "TRUE", "projection.enabled": "true",
                  "storage.location.template": template}
    for partition in table.partitions:
        parameters |= {f"projection.{partition.name}.{k}": v for k, v in partition.projection.items()}
    return {
        "Name": table.name,
        "Description": table.description,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": parameters,
        "PartitionKeys": [{"Name": p.name, "Type": p.type} for p in table.partitions],
        "StorageDescriptor": {"Columns": [{"Name": c.name, "Type": c.type} for c in table.columns],
                              "Location": location, **_PARQUET},
    }


_CONVERT: dict[str, Any] = {
    "tinyint": int, "smallint": int, "integer": int, "bigint": int,
    "double": float, "float": float, "real": float, "decimal": Decimal,
    "boolean": lambda text: text == "true",
    "date": date.fromisoformat,
    "timestamp": lambda text: datetime.fromisoformat(text),
}


def convert_row(row: Mapping[str, Any], info: list[dict[str, Any]]) -> tuple[Any, ...]:
    """Athena returns every value as text; give back the Python types DuckDB would (None for NULL)."""
    values = []
    for cell, column in zip(row.get("Data", []), info, strict=False):
        text = cell.get("VarCharValue")
        convert = _CONVERT.get(str(column["Type"]).lower().split("(")[0], str)
        values.append(None if text is None else convert(text))
    return tuple(values)
