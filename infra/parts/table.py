"""Table: the DynamoDB single table of the Table port (pk/sk, gsi1, TTL ``expires_at``)."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

_S = dynamodb.AttributeType.STRING


class RecordTable(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.table = dynamodb.Table(
            self, "Table",
            partition_key=dynamodb.Attribute(name="pk", type=_S),
            sort_key=dynamodb.Attribute(name="sk", type=_S),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True, time_to_live_attribute="expires_at",
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED, encryption_key=key,
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        self.table.add_global_secondary_index(
            index_name="gsi1",
            partition_key=dynamodb.Attribute(name="gsi1pk", type=_S),
            sort_key=dynamodb.Attribute(name="gsi1sk", type=_S),
        )
