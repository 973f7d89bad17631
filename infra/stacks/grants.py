"""What a product Lambda (the API handler, a workflow task) may do: exactly what the mdap aws adapters call.

Objects are read and written, never deleted: raw and documents are versioned evidence, and no service
deletes from any zone. The catalog is read only (CDK owns the Glue tables; partitions are projected).
The object-events queue is not consumed by any Lambda, so none gets SQS rights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aws_cdk import Aws
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3

from infra.nag import BASIC_EXECUTION_ROLE, suppress

# S3BlobStore: put/get/head/list/presigned URLs; Athena writes results with the caller's rights.
BUCKET_ACTIONS = ("s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads")
OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")
GLUE_READ_ACTIONS = ("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition",
                     "glue:GetPartitions")  # fmt: skip
ATHENA_ACTIONS = ("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                  "athena:StopQueryExecution", "athena:GetWorkGroup")  # fmt: skip
# StepFunctionsWorkflow: start, describe, history, stop; task tokens are answered by any task or the API.
TASK_TOKEN_ACTIONS = ("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat")


@dataclass(frozen=True)
class RuntimeResources:
    buckets: Mapping[str, s3.IBucket]
    key: kms.IKey
    table: dynamodb.ITable
    database_name: str
    workgroup_name: str
    state_machine_arn_prefix: str


def grant_product_runtime(function: lambda_.Function, res: RuntimeResources) -> None:
    objects = [b.arn_for_objects("*") for b in res.buckets.values()]
    executions = res.state_machine_arn_prefix.replace(":stateMachine:", ":execution:") + "*"
    glue = f"arn:{Aws.PARTITION}:glue:{Aws.REGION}:{Aws.ACCOUNT_ID}"
    statements = [
        (BUCKET_ACTIONS, [b.bucket_arn for b in res.buckets.values()]),
        (OBJECT_ACTIONS, objects),
        (("kms:Decrypt", "kms:GenerateDataKey"), [res.key.key_arn]),  # SSE-KMS objects of every zone
        (("states:StartExecution",), [f"{res.state_machine_arn_prefix}*"]),
        (("states:DescribeExecution", "states:GetExecutionHistory", "states:StopExecution"), [executions]),
        (TASK_TOKEN_ACTIONS, ["*"]),  # these actions support no resource scoping
        (ATHENA_ACTIONS, [f"arn:{Aws.PARTITION}:athena:{Aws.REGION}:{Aws.ACCOUNT_ID}:workgroup/"
                          f"{res.workgroup_name}"]),
        (GLUE_READ_ACTIONS, [f"{glue}:catalog", f"{glue}:database/{res.database_name}",
                             f"{glue}:table/{res.database_name}/*"]),
    ]  # fmt: skip
    for actions, resources in statements:
        function.add_to_role_policy(iam.PolicyStatement(actions=list(actions), resources=resources))
    res.table.grant_read_write_data(function)
    suppress(function, "IAM5", "Wildcards are bounded to the platform's own resources: objects of its buckets "
             "(read and put only), its state machines and executions, its Glue tables, its table's index and "
             "the table key's data-key actions; SendTask* and X-Ray allow no resource scoping.",
             applies_to=["Resource::*", f"Resource::{res.state_machine_arn_prefix}*", f"Resource::{executions}",
                         f"Resource::{res.table.table_arn}/index/*", f"Resource::{glue}:table/{res.database_name}/*",
                         "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*",
                         *[f"Resource::{arn}" for arn in objects]])  # fmt: skip
    suppress(function, "IAM4", "AWSLambdaBasicExecutionRole only grants writing the function's own logs.",
             applies_to=[BASIC_EXECUTION_ROLE])
