"""Catalog and query: the Glue database with one table per catalog entry, and the Athena workgroup.

Tables come from the catalog definition through ``mdap.catalog.load_catalog``, the reader both query engines
use, and mirror what ``AthenaQueryEngine.register_tables`` creates: Parquet, hive-style partitions read by
partition projection, or registered in Glue as their objects land (``partition_registration: on_arrival``),
so partitions are queryable as soon as their objects land. tests/infra registers
the same catalog with the adapter on moto and compares the two tables.
"""

from __future__ import annotations

from aws_cdk import Aws
from aws_cdk import aws_athena as athena
from aws_cdk import aws_glue as glue
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from mdap.adapters.aws.glue_partitions import MAX_COMMENT, storage_formats
from mdap.catalog import Catalog, Column, TableDef


class CatalogAndQuery(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, name_prefix: str, catalog: Catalog,
        buckets: dict[str, s3.IBucket], key: kms.IKey, scan_limit_bytes: int,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.database_name = name_prefix.replace("-", "_")
        database = glue.CfnDatabase(
            self, "Database", catalog_id=Aws.ACCOUNT_ID,
            database_input=glue.CfnDatabase.DatabaseInputProperty(name=self.database_name),
        )  # fmt: skip
        for table in catalog.tables:
            if table.zone not in buckets:
                raise ValueError(f"catalog table {table.name!r}: zone {table.zone!r} is none of {sorted(buckets)}")
            glue.CfnTable(
                self, f"Table{table.name}", catalog_id=Aws.ACCOUNT_ID, database_name=self.database_name,
                table_input=table_input(table, buckets[table.zone].bucket_name),
            ).node.add_dependency(database)  # fmt: skip
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


def table_input(table: TableDef, bucket_name: str) -> glue.CfnTable.TableInputProperty:
    """Parquet read directly, or (manifest tables) through the symlink manifests the pipeline writes."""
    location = f"s3://{bucket_name}/{table.data_prefix}"
    if table.format != "parquet":
        raise ValueError(f"catalog table {table.name!r}: format {table.format!r}; Athena tables are parquet only")
    formats = storage_formats(table)
    return glue.CfnTable.TableInputProperty(
        name=table.name, description=table.description or None, table_type="EXTERNAL_TABLE",
        parameters={"classification": table.format, "EXTERNAL": "TRUE", **projection(table, location)},
        partition_keys=_columns(table.partitions),
        storage_descriptor=glue.CfnTable.StorageDescriptorProperty(
            columns=_columns(table.columns), location=location, input_format=formats["InputFormat"],
            output_format=formats["OutputFormat"],
            serde_info=glue.CfnTable.SerdeInfoProperty(
                serialization_library=formats["SerdeInfo"]["SerializationLibrary"]),
        ),
    )  # fmt: skip


def _columns(columns: tuple[Column, ...]) -> list[glue.CfnTable.ColumnProperty]:
    return [glue.CfnTable.ColumnProperty(name=c.name, type=c.type, comment=c.description[:MAX_COMMENT] or None)
            for c in columns]


def projection(table: TableDef, location: str) -> dict[str, str]:
    """Athena partition projection parameters; every partition key needs a projection type. Tables whose
    partitions are registered on arrival have none (see infra/parts/arrivals.py)."""
    if table.partitions_registered:
        return {"projection.enabled": "false"}
    if not table.partitions:
        return {}
    untyped = [p.name for p in table.partitions if "type" not in p.projection]
    if untyped:
        raise ValueError(f"catalog table {table.name!r}: partitions {untyped} need a projection type "
                         "(injected, enum, date, integer): Athena projects every partition key or none")
    parameters = {"projection.enabled": "true",
                  "storage.location.template": location + "".join(f"{p.name}=${{{p.name}}}/" for p in table.partitions)}
    for partition in table.partitions:
        parameters |= {f"projection.{partition.name}.{k}": v for k, v in partition.projection.items()}
    return parameters
