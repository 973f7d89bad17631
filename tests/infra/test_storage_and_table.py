"""Storage (buckets, key, object events) and the single table."""

from aws_cdk.assertions import Match, Template


def test_data_buckets_use_the_customer_key_and_block_public_access(template: Template) -> None:
    kms_encrypted = {"BucketEncryption": {"ServerSideEncryptionConfiguration": [Match.object_like(
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": Match.any_value()}})]}}
    found = template.find_resources("AWS::S3::Bucket", {"Properties": kms_encrypted})
    assert len(found) == 6  # raw, curated, quarantine, documents, athena-results, edge artifacts
    for bucket in template.find_resources("AWS::S3::Bucket").values():
        assert bucket["Properties"]["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }  # fmt: skip
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})


def test_every_bucket_refuses_plain_http(template: Template) -> None:
    buckets = template.find_resources("AWS::S3::Bucket")
    tls_only = template.find_resources("AWS::S3::BucketPolicy", {"Properties": {"PolicyDocument": {
        "Statement": Match.array_with([Match.object_like({
            "Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}}})  # fmt: skip
    assert len(tls_only) == len(buckets) == 8


def test_raw_and_documents_are_versioned_and_raw_ages_into_cheaper_storage(template: Template) -> None:
    versioned = template.find_resources("AWS::S3::Bucket", {"Properties": {"VersioningConfiguration": {
        "Status": "Enabled"}}})  # fmt: skip
    assert len(versioned) == 3  # raw, documents, edge artifacts
    template.has_resource_properties("AWS::S3::Bucket", {"LifecycleConfiguration": {"Rules": [Match.object_like({
        "Transitions": [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30},
                        {"StorageClass": "GLACIER_IR", "TransitionInDays": 180}]})]}})  # fmt: skip


def test_data_buckets_log_access_and_object_created_events_reach_the_queue(template: Template) -> None:
    logged = template.find_resources("AWS::S3::Bucket", {"Properties": {"LoggingConfiguration": Match.any_value()}})
    assert len(logged) == 7  # all but the access-log bucket itself
    template.has_resource_properties("AWS::Events::Rule", {
        "EventPattern": {"source": ["aws.s3"], "detail-type": ["Object Created"],
                         "detail": {"bucket": {"name": Match.any_value()}}},
        "Targets": [Match.object_like({"Arn": Match.any_value()})],
    })  # fmt: skip
    template.has_resource_properties("AWS::SQS::Queue", {"RedrivePolicy": {"maxReceiveCount": 5,
                                                                           "deadLetterTargetArn": Match.any_value()}})


def test_table_has_the_port_model_keys_index_and_ttl(template: Template) -> None:
    template.resource_count_is("AWS::DynamoDB::Table", 1)
    template.has_resource_properties("AWS::DynamoDB::Table", {
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "BillingMode": "PAY_PER_REQUEST", "DeletionProtectionEnabled": True,
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": True},
        "SSESpecification": Match.object_like({"SSEEnabled": True, "SSEType": "KMS"}),
        "GlobalSecondaryIndexes": [Match.object_like({"IndexName": "gsi1", "KeySchema": [
            {"AttributeName": "gsi1pk", "KeyType": "HASH"}, {"AttributeName": "gsi1sk", "KeyType": "RANGE"}]})],
    })  # fmt: skip
