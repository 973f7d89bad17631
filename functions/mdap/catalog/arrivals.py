"""Lambda entrypoint: the raw bucket's "Object Created" events (EventBridge) register the Glue partitions of
tables whose partitions are registered on arrival, so Athena queries them across every site at once. The
local profile needs no counterpart: DuckDB reads the partition folders themselves."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from mdap.catalog import load_catalog
from mdap.settings import load_settings

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    import boto3

    from mdap.adapters.aws.glue_partitions import register_arrivals

    settings = load_settings()
    zones = {settings.bucket(zone): zone for zone in ("raw", "curated", "quarantine", "documents")}
    detail = event.get("detail", {})
    zone = zones.get(detail.get("bucket", {}).get("name", ""))
    key = detail.get("object", {}).get("key", "")
    if zone is None or not key:
        logger.warning("not an object of a platform bucket", extra={"detail": detail})
        return {"registered": []}
    glue = boto3.client("glue", region_name=settings.region)
    buckets = {name: settings.bucket(name) for name in zones.values()}
    registered = register_arrivals(glue, load_catalog(), settings.glue_database, buckets, zone, [key])
    logger.info("partitions registered", extra={"key": key, "partitions": registered})
    return {"registered": registered}
