"""The scheduled task (tasks.json ``MonitoringEvaluate``: an EventBridge rule every minute in AWS; the local
server's timer every ``MDAP_MONITORING_EVALUATE_SECONDS``): evaluate the alarm rules once."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from mdap.api.deps import container
from mdap.monitoring.service import monitoring

logger = Logger(service="monitoring")


def evaluate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    done = monitoring(container()).evaluator.evaluate()
    if done.raised or done.cleared or done.conflicts:
        logger.info("alarms evaluated", extra=done.as_json())
    return done.as_json()
