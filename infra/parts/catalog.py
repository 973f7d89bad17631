"""Catalog and query: the Glue database with one table per catalog entry, and the Athena workgroup."""

from __future__ import annotations

from typing import Any

from aws_cdk import Aws
from aws_cdk import aws_athena as athena
from aws_cdk import aws_glue as glue
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

_PARQUET = {
    "input_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "output_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "serde": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
}


class CatalogAndQuery(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, name_prefix: str, tables: list[dict[str, Any]],
        buckets: dict[str, s3.IBucket], key: kms.IKey, scan_limit_bytes: int,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.database_name = name_prefix.replace("-", "_")
        database = glue.CfnDatabase(
            self, "Database", catalog_id=Aws.ACCOUNT_ID,
            database_input=glue.CfnDatabase.DatabaseInputProperty(name=self.database_name),
        )  # fmt: skip
        for spec in tables:
            self._table(spec, buckets).node.add_dependency(database)
        self.workgroup = athena.CfnWorkGroup(
            self, "Workgroup", name=name_prefix, state="ENABLED", recursive_delete_option=False,
            work_group_configuration=athena.CfnWorkGroup.WorkGroupConfigurationProperty(
                enforce_work_group_configuration=True, publish_cloud_watch_metrics_enabled=True,
                bytes_scanned_cutoff_per_query=scan_limit_bytes,
                result_configuration=athena.CfnWorkGroup.ResultConfigurationProperty(
                    output_location=f"s3://{buckets['athena_results'].bucket_name}/results/",
                    encryption_configuration=athena.CfnWorkGroup.EncryptionConfigurationProperty(
                        encryption_option="SSE_KMS", kms_key=key.key_arn
                    ),
                ),
            ),
        )  # fmt: skip

    def _table(self, spec: dict[str, Any], buckets: dict[str, s3.IBucket]) -> glue.CfnTable:
        if spec["zone"] not in buckets:
            raise ValueError(f"catalog table {spec['name']!r}: unknown zone {spec['zone']!r}")
        location = f"s3://{buckets[spec['zone']].bucket_name}/{spec['prefix'].strip('/')}/"
        return glue.CfnTable(
            self, f"Table{spec['name']}", catalog_id=Aws.ACCOUNT_ID, database_name=self.database_name,
            table_input=glue.CfnTable.TableInputProperty(
                name=spec["name"], table_type="EXTERNAL_TABLE",
                parameters={"classification": "parquet", "EXTERNAL": "TRUE"},
                partition_keys=_columns(spec.get("partition_keys", [])),
                storage_descriptor=glue.CfnTable.StorageDescriptorProperty(
                    columns=_columns(spec["columns"]), location=location,
                    input_format=_PARQUET["input_format"], output_format=_PARQUET["output_format"],
                    serde_info=glue.CfnTable.SerdeInfoProperty(serialization_library=_PARQUET["serde"]),
                ),
            ),
        )  # fmt: skip


def _columns(columns: list[dict[str, Any]]) -> list[glue.CfnTable.ColumnProperty]:
    return [
        glue.CfnTable.ColumnProperty(name=c["name"], type=c["type"], comment=c.get("comment"))
        for c in columns
    ]
