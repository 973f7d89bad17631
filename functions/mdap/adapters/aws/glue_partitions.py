"""Glue partitions of the tables whose partitions are registered on arrival (see the catalog's
``partition_registration``). Used by AthenaQueryEngine.register_partitions, by the Lambda that the raw
bucket's object-created events invoke (mdap.catalog.arrivals) and by the pipeline's write step (curated
manifests, quarantine, quality); it needs only boto3's Glue client. A manifest table's partition is located at
its manifest's folder and read through SymlinkTextInputFormat."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mdap.catalog import Catalog, Column, TableDef
from mdap.ports.errors import InvalidRequest

PARQUET_FORMATS = {
    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
}
# Manifest tables: the location holds text manifests listing Parquet files (as Delta Lake's for Athena/Presto).
SYMLINK_FORMATS = {
    "InputFormat": "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
}
MAX_COMMENT = 255  # Glue's limit on a column comment


def storage_formats(table: TableDef) -> dict[str, Any]:
    return SYMLINK_FORMATS if table.layout == "manifest" else PARQUET_FORMATS


def glue_columns(columns: Sequence[Column]) -> list[dict[str, str]]:
    return [{"Name": c.name, "Type": c.type, **({"Comment": c.description[:MAX_COMMENT]} if c.description else {})}
            for c in columns]


def table_input(table: TableDef, bucket: str) -> dict[str, Any]:
    """Glue's TableInput for a manifest table (pure: the CDK construct builds the same)."""
    return {
        "Name": table.name, "Description": table.description, "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": table.format, "EXTERNAL": "TRUE", "projection.enabled": "false"},
        "PartitionKeys": glue_columns(table.partitions),
        "StorageDescriptor": {"Columns": glue_columns(table.columns), "Location": f"s3://{bucket}/{table.data_prefix}",
                              **storage_formats(table)},
    }
_BATCH = 100  # BatchCreatePartition takes at most 100 partitions


def partition_input(table: TableDef, values: tuple[str, ...], location: str) -> dict[str, Any]:
    """Glue's PartitionInput for one partition of ``table`` (pure: unit-tested)."""
    columns = [{"Name": c.name, "Type": c.type} for c in table.columns]
    return {"Values": list(values),
            "StorageDescriptor": {"Location": location, "Columns": columns, **storage_formats(table)}}


def register_arrivals(glue: Any, catalog: Catalog, database: str, buckets: Mapping[str, str], zone: str,
                      keys: Sequence[str]) -> list[str]:
    """Create the partitions the objects ``keys`` of ``zone`` belong to; existing ones are left as they are.
    Returns their locations (sorted, each once)."""
    arrived = catalog.arrivals(zone, keys)
    by_table: dict[str, list[dict[str, Any]]] = {}
    for location, (table, values) in arrived.items():
        bucket = buckets.get(table.zone, f"mdap-{table.zone}")
        by_table.setdefault(table.name, []).append(partition_input(table, values, f"s3://{bucket}/{location}"))
    for name, inputs in by_table.items():
        for start in range(0, len(inputs), _BATCH):
            answer = glue.batch_create_partition(DatabaseName=database, TableName=name,
                                                 PartitionInputList=inputs[start:start + _BATCH])
            failed = [error for error in answer.get("Errors", [])
                      if error.get("ErrorDetail", {}).get("ErrorCode") != "AlreadyExistsException"]
            if failed:
                detail = failed[0].get("ErrorDetail", {})
                raise InvalidRequest(f"Glue refused partition {failed[0].get('PartitionValues')} of {name}: "
                                     f"{detail.get('ErrorCode')}: {detail.get('ErrorMessage')}")
    return list(arrived)
