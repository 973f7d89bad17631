"""QueryEngine on Athena through awswrangler, over Glue tables built from the same catalog as the local engine.

Glue tables use partition projection (settings from the catalog), so new partitions are queryable the moment
their objects land: no crawler, no MSCK REPAIR, no partition bookkeeping. Tables whose partitions are
registered on arrival (raw_readings: queried across every site, so no key can be an injected projection)
have no projection; ``register_partitions`` adds each partition to Glue when an object lands in it (the
raw bucket's object-created events call it), and ``register_tables`` updates such tables in place, keeping
their partitions. Manifest tables (the pipeline's curated tables) are Glue tables read through
SymlinkTextInputFormat, written with Glue's own API (awswrangler only writes plain Parquet tables); the
catalog's views are created by Athena (CREATE OR REPLACE VIEW). SHOW TABLES and DESCRIBE are answered from
the catalog, as on the local engine. Queries take awswrangler's plain
path (no CTAS, no UNLOAD): Athena writes its result CSV to the workgroup's output and awswrangler reads it
back with the column types Athena reports. CTAS and UNLOAD would need a temporary table or Parquet files per
query, which buys nothing for result sets a person reads. awswrangler (and pandas) are imported where they
are used: they are heavy, and in Lambda they come from the AWS SDK for pandas layer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from mdap.adapters.aws.glue_partitions import MAX_COMMENT, register_arrivals, table_input
from mdap.catalog import Catalog, CatalogError, TableDef, ViewDef
from mdap.catalog.describe import catalog_answer
from mdap.catalog.sql import parse_query
from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryEngine, QueryResult

# Catalog projection setting -> key of awswrangler's AthenaPartitionProjectionSettings.
_PROJECTION = {"type": "projection_types", "range": "projection_ranges", "values": "projection_values",
               "interval": "projection_intervals", "digits": "projection_digits", "format": "projection_formats"}


class AthenaQueryEngine(QueryEngine):
    def __init__(self, catalog: Catalog, database: str, workgroup: str, output_location: str,
                 boto3_session: Any, glue: Any = None, *, buckets: Mapping[str, str] | None = None,
                 poll_seconds: float = 0.5) -> None:
        # glue is accepted for callers of the earlier signature; awswrangler builds its Glue client
        # from boto3_session, so every call shares one session (and one set of credentials).
        del glue
        self._catalog = catalog
        self._database = database
        self._workgroup = workgroup
        self._output = output_location  # used unless the workgroup enforces its own output location
        self._session = boto3_session
        self._buckets = dict(buckets or {})  # zone -> bucket; default mdap-{zone} as in settings
        self._poll = poll_seconds

    def register_tables(self) -> list[str]:
        import awswrangler as wr

        wr.catalog.create_database(self._database, exist_ok=True, boto3_session=self._session)
        for table in self._catalog.tables:
            if table.layout == "manifest":
                self._put_glue_table(table_input(table, self._bucket(table.zone)))
                continue
            # mode="overwrite" updates an existing table in place, so a changed catalog is applied again.
            wr.catalog.create_parquet_table(database=self._database, boto3_session=self._session,
                                            **parquet_table_args(table, self._bucket(table.zone)))
        self.register_views()
        return [table.name for table in self._catalog.tables] + [view.name for view in self._catalog.views]

    def register_views(self) -> list[str]:
        """CREATE OR REPLACE VIEW for every catalog view, in dependency order, run by Athena itself (so Glue
        keeps each view in the form Athena wrote it). Deployment runs this once the tables exist."""
        import awswrangler as wr

        for view in self._catalog.views:
            wr.athena.start_query_execution(view_ddl(view), database=self._database, workgroup=self._workgroup,
                                            s3_output=self._output, wait=True, boto3_session=self._session,
                                            athena_query_wait_polling_delay=self._poll)
        return [view.name for view in self._catalog.views]

    def _put_glue_table(self, table: dict[str, Any]) -> None:
        """Create or update in place (update keeps the table's partitions)."""
        glue = self._session.client("glue")
        try:
            glue.update_table(DatabaseName=self._database, TableInput=table)
        except glue.exceptions.EntityNotFoundException:
            glue.create_table(DatabaseName=self._database, TableInput=table)

    def register_partitions(self, zone: str, keys: Sequence[str]) -> list[str]:
        return register_arrivals(self._session.client("glue"), self._catalog, self._database, self._buckets, zone,
                                 keys)

    def query(self, sql: str) -> QueryResult:
        answered = catalog_answer(sql, self._catalog)  # SHOW TABLES / DESCRIBE: the catalog's own words
        if answered is not None:
            return answered
        parse_query(sql, self._catalog)  # the same refusals as the local engine, before paying for a scan
        import awswrangler as wr
        from awswrangler.exceptions import QueryCancelled, QueryFailed

        try:
            frame = wr.athena.read_sql_query(
                sql, database=self._database, workgroup=self._workgroup, s3_output=self._output,
                ctas_approach=False, unload_approach=False, keep_files=True,  # the bucket's lifecycle expires them
                athena_query_wait_polling_delay=self._poll, boto3_session=self._session)
        except (QueryFailed, QueryCancelled) as exc:
            reason = exc.args[0] if exc.args and exc.args[0] else type(exc).__name__
            raise InvalidRequest(f"query failed: {reason}") from None
        return QueryResult([str(name) for name in frame.columns], plain_rows(frame))

    def _bucket(self, zone: str) -> str:
        return self._buckets.get(zone, f"mdap-{zone}")


def parquet_table_args(table: TableDef, bucket: str) -> dict[str, Any]:
    """Keyword arguments of wr.catalog.create_parquet_table for one catalog table (pure: unit-tested).

    Catalog names are lower_snake_case already, so awswrangler's name sanitising leaves them as they are.
    """
    if table.format != "parquet":
        raise CatalogError(f"table {table.name!r}: format {table.format!r}; the Athena engine reads parquet only")
    location = f"s3://{bucket}/{table.prefix}"
    projection: dict[str, Any] = {
        "projection_storage_location_template": location + "".join(f"{p.name}=${{{p.name}}}/"
                                                                   for p in table.partitions)}
    parameters = {"EXTERNAL": "TRUE"}
    comments = {c.name: c.description[:MAX_COMMENT] for c in table.all_columns if c.description}
    if table.partitions_registered:  # no projection; "update" keeps the partitions registered so far
        return {
            "table": table.name, "path": location, "description": table.description,
            "columns_types": {column.name: column.type for column in table.columns},
            "partitions_types": {partition.name: partition.type for partition in table.partitions},
            "parameters": parameters, "mode": "update", "athena_partition_projection_settings": None,
            **({"columns_comments": comments} if comments else {}),
        }
    for partition in table.partitions:
        for key, value in partition.projection.items():
            if key in _PROJECTION:
                projection.setdefault(_PROJECTION[key], {})[partition.name] = value
            else:  # awswrangler has no argument for it (interval.unit): set as a plain table parameter
                parameters[f"projection.{partition.name}.{key}"] = value
    return {
        "table": table.name, "path": location, "description": table.description,
        "columns_types": {column.name: column.type for column in table.columns},
        "partitions_types": {partition.name: partition.type for partition in table.partitions},
        "parameters": parameters, "mode": "overwrite",
        "athena_partition_projection_settings": projection if table.partitions else None,
        **({"columns_comments": comments} if comments else {}),
    }


def view_ddl(view: ViewDef) -> str:
    return f'CREATE OR REPLACE VIEW "{view.name}" AS\n{view.sql}'


def plain_rows(frame: Any) -> list[tuple[Any, ...]]:
    """awswrangler's typed DataFrame as the values DuckDB gives: int, float, datetime..., None for NULL."""
    return [tuple(_plain(value) for value in row) for row in frame.itertuples(index=False, name=None)]


def _plain(value: Any) -> Any:
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):  # float columns mark NULL as NaN
        return None
    if isinstance(value, pd.Timestamp):
        plain: datetime = value.to_pydatetime()
        return plain
    return value.item() if hasattr(value, "item") else value  # numpy scalars -> int, float, bool
