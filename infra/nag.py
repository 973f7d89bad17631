"""cdk-nag acknowledgments, each naming its rule and reason in code; recorded so synth can report them.

cdk-nag 3 reads CDK's native ``Validations.of(...).acknowledge``. A granular finding (IAM4/IAM5) is
acknowledged one by one by its full id ``AwsSolutions-IAM5[Resource::...]``; ``applies_to`` takes the
finding's text with CDK tokens in it and renders them the way cdk-nag prints them (``<Logical.Arn>``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from aws_cdk import Acknowledgment, Stack, Validations
from constructs import IConstruct

SUPPRESSED: list[tuple[str, str, str]] = []  # (rule id, construct path, reason)
BASIC_EXECUTION_ROLE = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
# What CDK's grant_read_write on a KMS-encrypted bucket allows: object-level actions, by prefix.
S3_READ_WRITE_ACTIONS = tuple(f"Action::{a}" for a in (
    "s3:Abort*", "s3:DeleteObject*", "s3:GetBucket*", "s3:GetObject*", "s3:List*",
    "kms:GenerateDataKey*", "kms:ReEncrypt*",
))  # fmt: skip


def render(value: Any) -> str:
    """A resolved CloudFormation value in cdk-nag's notation: Ref -> <X>, GetAtt -> <X.Attr>."""
    if isinstance(value, str):  # IAM policy variables print like references: ${a:b} -> <a:b>
        return re.sub(r"\$\{([^}]+)\}", r"<\1>", value)
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return "<{}.{}>".format(*value["Fn::GetAtt"])
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(render(part) for part in parts)
    raise ValueError(f"cannot render {value!r} as a cdk-nag finding")


def suppress(
    construct: IConstruct, rule: str, reason: str, *, applies_to: Sequence[str] | None = None
) -> None:
    """Acknowledge an AwsSolutions rule on a construct, or only the listed findings of it."""
    stack = Stack.of(construct)
    findings = [render(stack.resolve(finding)) for finding in applies_to or []]
    ids = [f"AwsSolutions-{rule}[{f}]" for f in findings] if findings else [f"AwsSolutions-{rule}"]
    Validations.of(construct).acknowledge(*[Acknowledgment(id=i, reason=reason) for i in ids])
    SUPPRESSED.extend((rule, construct.node.path, reason) for _ in ids)


def acknowledge_validation(construct: IConstruct, finding: str, reason: str) -> None:
    """Acknowledge a warning of CDK's own template validation (``CloudFormation-Validate::<rule>``)."""
    Validations.of(construct).acknowledge(Acknowledgment(id=finding, reason=reason))
    SUPPRESSED.append((finding, construct.node.path, reason))


def suppression_counts() -> Counter[str]:
    return Counter(rule for rule, _, _ in SUPPRESSED)
