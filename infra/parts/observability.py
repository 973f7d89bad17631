"""Observability: alarms on failures, errors, throttles, dead letters, failed pipeline runs and silent edge devices,
to staff; the operations dashboard (alarms, edge heartbeats, Lambda errors, and the preprocessing pipeline's runs,
run duration and quarantined rows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra.parts.functions import METRICS_NAMESPACE

# Emitted (EMF) by the heartbeat ingestion for every device heartbeat stored; silence means devices are down.
HEARTBEAT_METRIC = "EdgeHeartbeats"


@dataclass(frozen=True)
class PipelineHealth:
    """What the dashboard shows of the preprocessing pipeline."""

    machine: sfn.IStateMachine
    failed_runs: cloudwatch.IMetric  # runs that failed for a systemic reason (the alarmed metric)
    quarantined_rows: cloudwatch.IMetric  # rows set aside, per dataset


class Observability(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, key: kms.IKey, alarm_email: str | None,
        functions: Sequence[lambda_.IFunction], machines: Sequence[sfn.IStateMachine],
        dead_letter_queues: Sequence[sqs.IQueue], name_prefix: str,
        metrics: Sequence[tuple[str, cloudwatch.Metric]] = (), pipeline: PipelineHealth | None = None,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "StaffAlerts", master_key=key, enforce_ssl=True,
                               display_name=f"{name_prefix} staff alerts")  # fmt: skip
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        self._action = actions.SnsAction(self.topic)
        self.alarms: list[cloudwatch.Alarm] = []
        for i, machine in enumerate(machines):
            self._alarm(f"MachineFailed{i}", machine.metric_failed(period=Duration.minutes(5)))
        for i, function in enumerate(functions):
            self._alarm(f"LambdaErrors{i}", function.metric_errors(period=Duration.minutes(5)))
            self._alarm(f"LambdaThrottles{i}", function.metric_throttles(period=Duration.minutes(5)))
        for i, queue in enumerate(dead_letter_queues):
            self._alarm(f"DeadLetters{i}", queue.metric_approximate_number_of_messages_visible())
        for construct_id, metric in metrics:  # business failures the platform counts itself (failed runs)
            self._alarm(construct_id, metric)
        heartbeats = cloudwatch.Metric(namespace=METRICS_NAMESPACE, metric_name=HEARTBEAT_METRIC,
                                       statistic="Sum", period=Duration.minutes(15))  # fmt: skip
        self._alarm("EdgeHeartbeatMissing", heartbeats, below=True)
        self.dashboard = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=f"{name_prefix}-operations")
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(title="Alarms", alarms=self.alarms, width=24),
            cloudwatch.GraphWidget(title="Edge heartbeats", left=[heartbeats], width=12),
            cloudwatch.GraphWidget(title="Lambda errors", width=12,
                                   left=[f.metric_errors() for f in functions] or [heartbeats]),
        )  # fmt: skip
        if pipeline is not None:
            self.dashboard.add_widgets(*_pipeline_widgets(pipeline))

    def _alarm(self, construct_id: str, metric: cloudwatch.Metric, *, below: bool = False) -> None:
        """Fires on any occurrence; for heartbeats, on fewer than one (missing data counts as silence)."""
        alarm = metric.create_alarm(
            self, construct_id, threshold=1, evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD if below
            else cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.BREACHING if below
            else cloudwatch.TreatMissingData.NOT_BREACHING,
        )  # fmt: skip
        alarm.add_alarm_action(self._action)
        self.alarms.append(alarm)


def _pipeline_widgets(pipeline: PipelineHealth) -> list[cloudwatch.IWidget]:
    five = Duration.minutes(5)
    machine = pipeline.machine
    return [
        cloudwatch.GraphWidget(title="Preprocessing runs", width=8, left=[
            machine.metric_succeeded(period=five, label="succeeded"),
            machine.metric_failed(period=five, label="failed (execution)"),
            machine.metric_timed_out(period=five, label="timed out"),
            pipeline.failed_runs,
        ]),
        cloudwatch.GraphWidget(title="Preprocessing run duration (ms)", width=8, left=[
            machine.metric_time(period=five, statistic="Average", label="average"),
            machine.metric_time(period=five, statistic="p90", label="p90"),
            machine.metric_time(period=five, statistic="Maximum", label="maximum"),
        ]),
        cloudwatch.GraphWidget(title="Quarantined rows by dataset", width=8, left=[pipeline.quarantined_rows]),
    ]  # fmt: skip
