"""The edge collector: sources -> durable spool -> exactly-once Parquet batches in the lake's raw zone.

Runs as a plain process (``mdap edge run``, ``python -m mdap_edge run``) and as the Greengrass component
``com.mdap.Collector``. It imports no chalice, duckdb or awswrangler (it runs on a device): it builds on the
platform's ports (BlobStore for batches, Table for status records, Clock for time) and their adapters.
"""
