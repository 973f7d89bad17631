"""Lambda entrypoints of the preprocessing pipeline (step_functions/tasks.json):

- ``start`` (PipelineStart): SQS batches of the raw bucket's "Object Created" events (EventBridge -> SQS)
  become pending inputs, and runs start where no run holds the partition (locally the event dispatcher calls
  ``Intake.receive`` directly);
- ``step`` (PipelineStep): the steps of ``preprocessing.asl.json``, one ``action`` each, thin over
  ``mdap.pipeline.tasks.stages``;
- ``sweep`` (PipelineSweep, every minute): starts runs that a crash or an expired lease left waiting.

Powertools as in the program's tasks: the Logger carries the run id as correlation id, the Tracer traces in AWS,
metrics are EMF lines (rows in / out / quarantined per dataset; PipelineRunsFailed, which an alarm watches).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.metrics import MetricUnit, single_metric

from mdap.api.deps import container
from mdap.observability import NAMESPACE
from mdap.pipeline.runs import RunRef
from mdap.pipeline.tasks import stages
from mdap.pipeline.tasks.wiring import Pipeline, pipeline
from mdap.ports.blobstore import ObjectCreated

warnings.filterwarnings("ignore", message="Couldn't determine the remaining time left", category=UserWarning)
logger = Logger(service="pipeline")
tracer = Tracer(service="pipeline")
FAILED_METRIC = "PipelineRunsFailed"
STEPS: dict[str, Callable[[Pipeline, RunRef], dict[str, Any]]] = {
    "claim": stages.claim, "validate": stages.validate, "clean": stages.clean, "deidentify": stages.deidentify,
    "enrich": stages.enrich, "write": stages.write, "measure": stages.measure, "finish": stages.finish,
}


@tracer.capture_lambda_handler
def step(event: dict[str, Any], context: Any) -> dict[str, Any]:
    run = RunRef.of(event["run"])
    logger.set_correlation_id(run.run_id)
    action = event.get("action")
    logger.info("pipeline step", extra={"action": action, "dataset": run.dataset, "site": run.site})
    p = pipeline(container())
    if action == "fail":
        result = stages.fail(p, run, str(event.get("error") or "States.Runtime"), str(event.get("cause") or ""))
        _metric(FAILED_METRIC, 1, run.dataset, by_dataset=False)  # one series: the alarm watches it
        return result
    if action not in STEPS:
        raise ValueError(f"pipeline step: unknown action {action!r}")
    result = STEPS[action](p, run)
    if action == "measure":
        counts = result["counts"]
        for name, key in (("PipelineRowsIn", "rows_in"), ("PipelineRowsOut", "rows_out"),
                          ("PipelineRowsQuarantined", "quarantined"), ("PipelineDuplicates", "duplicates")):
            _metric(name, counts[key], run.dataset)
    return result


@tracer.capture_lambda_handler
def start(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """An SQS batch (ReportBatchItemFailures): records that could not be recorded are retried by SQS."""
    p = pipeline(container())
    zones = {p.c.settings.bucket(zone): zone for zone in ("raw", "curated", "quarantine", "documents")}
    failures, arrived = [], []
    for record in event.get("Records", []):
        try:
            arrived += object_created(json.loads(record["body"]), zones)
        except (ValueError, KeyError, TypeError):
            logger.warning("not an object-created event", extra={"message_id": record.get("messageId")})
    try:
        started = p.intake.receive(arrived)
    except Exception:
        logger.exception("recording pending inputs failed; SQS delivers the batch again")
        failures = [{"itemIdentifier": r["messageId"]} for r in event.get("Records", [])]
        started = []
    logger.info("objects received", extra={"objects": len(arrived), "runs_started": started})
    return {"batchItemFailures": failures, "started": started}


@tracer.capture_lambda_handler
def sweep(event: dict[str, Any], context: Any) -> dict[str, Any]:
    started = pipeline(container()).intake.sweep()
    if started:
        logger.info("waiting inputs started", extra={"runs_started": started})
    return {"started": started}


def object_created(message: Mapping[str, Any], zones: Mapping[str, str]) -> list[ObjectCreated]:
    """EventBridge's S3 "Object Created" event (what the rule puts on the queue) as the port's event."""
    if message.get("detail-type") != "Object Created":
        return []
    detail = message["detail"]
    bucket = detail["bucket"]["name"]
    moment = datetime.fromisoformat(str(message["time"]).replace("Z", "+00:00"))
    return [ObjectCreated(zones.get(bucket, bucket), detail["object"]["key"], int(detail["object"].get("size", 0)),
                          moment if moment.tzinfo else moment.replace(tzinfo=UTC))]


def _metric(name: str, value: float, dataset: str, *, by_dataset: bool = True) -> None:
    """In Lambda, Powertools adds the ``service`` dimension (the task's logical name, e.g. PipelineStep)."""
    with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace=NAMESPACE) as emitted:
        if by_dataset:
            emitted.add_dimension(name="dataset", value=dataset)
        else:
            emitted.add_metadata(key="dataset", value=dataset)
