"""Storage: the data buckets under one customer-managed KMS key, their access logs and object events."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.nag import suppress

DATA_ZONES = ("raw", "curated", "quarantine", "documents", "athena_results")
# Zones whose new objects start work: edge uploads (raw) and applicants' documents.
EVENT_ZONES = ("raw", "documents")
VERSIONED_ZONES = ("raw", "documents")


class Storage(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, name_prefix: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self, "DataKey", enable_key_rotation=True, alias=f"alias/{name_prefix}-data",
            description="Encrypts the platform's buckets, table, queue, topic and logs",
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        self.access_logs = self._access_log_bucket()
        self.buckets = {zone: self._data_bucket(zone) for zone in DATA_ZONES}
        self.events_dlq, self.events_queue = self._object_events()

    def _access_log_bucket(self) -> s3.Bucket:
        bucket = s3.Bucket(
            self, "AccessLogs",
            # S3 server access logging and CloudFront standard logs cannot write to SSE-KMS buckets.
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,  # CloudFront logs need ACLs
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(400))],
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        suppress(bucket, "S1", "This is the access-log bucket itself; logging it into itself would loop.")
        return bucket

    def _data_bucket(self, zone: str) -> s3.Bucket:
        return s3.Bucket(
            self, zone.title().replace("_", ""),
            encryption=s3.BucketEncryption.KMS, encryption_key=self.key, bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True,
            versioned=zone in VERSIONED_ZONES,
            server_access_logs_bucket=self.access_logs, server_access_logs_prefix=f"s3/{zone}/",
            event_bridge_enabled=zone in EVENT_ZONES,
            lifecycle_rules=_lifecycle(zone), removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip

    def _object_events(self) -> tuple[sqs.Queue, sqs.Queue]:
        dlq = sqs.Queue(self, "ObjectEventsDlq", enforce_ssl=True, retention_period=Duration.days(14))
        suppress(dlq, "SQS3", "This queue is the dead-letter queue of the object-events queue.")
        queue = sqs.Queue(
            self, "ObjectEvents", enforce_ssl=True, visibility_timeout=Duration.minutes(15),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=5),
        )  # fmt: skip
        rule = events.Rule(
            self, "ObjectCreated",
            event_pattern=events.EventPattern(
                source=["aws.s3"], detail_type=["Object Created"],
                detail={"bucket": {"name": [self.buckets[z].bucket_name for z in EVENT_ZONES]}},
            ),
        )  # fmt: skip
        rule.add_target(targets.SqsQueue(queue))
        return dlq, queue


def _lifecycle(zone: str) -> list[s3.LifecycleRule]:
    if zone == "raw":  # raw is read soon after arrival, then rarely: move it to cheaper classes.
        return [
            s3.LifecycleRule(
                transitions=[
                    s3.Transition(storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                                  transition_after=Duration.days(30)),
                    s3.Transition(storage_class=s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                                  transition_after=Duration.days(180)),
                ],
                noncurrent_version_expiration=Duration.days(90),
            )
        ]  # fmt: skip
    if zone == "athena_results":
        return [s3.LifecycleRule(expiration=Duration.days(30))]
    if zone == "documents":
        return [s3.LifecycleRule(noncurrent_version_expiration=Duration.days(365))]
    if zone == "quarantine":  # a failed run's work files (intermediate data, still personal) are kept a week
        return [s3.LifecycleRule(prefix="work/", expiration=Duration.days(7))]
    return []
