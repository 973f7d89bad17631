"""Lambda entrypoint of the catalog's views custom resource: at deploy, Athena itself runs CREATE OR REPLACE VIEW
for every view of the catalog (in dependency order), after CDK created the tables they read. Glue then keeps
each view in the form Athena wrote it, which a hand-made Glue definition could get wrong."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from mdap.catalog import load_catalog
from mdap.settings import load_settings

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    physical = event.get("PhysicalResourceId") or "catalog-views"
    if event.get("RequestType") == "Delete":  # the views go with the database; nothing is dropped by hand
        return {"PhysicalResourceId": physical}
    import boto3

    from mdap.adapters.aws.athena import AthenaQueryEngine

    s = load_settings()
    buckets = {zone: s.bucket(zone) for zone in ("raw", "curated", "quarantine", "documents")}
    engine = AthenaQueryEngine(load_catalog(), s.glue_database, s.athena_workgroup, f"s3://{s.athena_results_bucket}/",
                               boto3.Session(region_name=s.region), buckets=buckets)
    names = engine.register_views()
    logger.info("views registered", extra={"views": names})
    return {"PhysicalResourceId": f"{s.glue_database}-views", "Data": {"Views": ",".join(names)}}
