"""Structured JSON logs and business metrics (Powertools) for both profiles; in AWS they land in CloudWatch
(metrics as Embedded Metric Format lines, which the local profile writes to its log too)."""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger
from aws_lambda_powertools.metrics import MetricUnit, single_metric

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "mdap")
NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "MDAP")
logger = Logger(service=SERVICE)


def business_event(name: str, **dimensions: str) -> None:
    """Count one business event (an application submitted, an approval decided, a grant paid)."""
    with single_metric(name=name, unit=MetricUnit.Count, value=1, namespace=NAMESPACE) as emitted:
        for key, value in dimensions.items():
            emitted.add_dimension(name=key, value=value)
