"""Edge: Greengrass component versions from edge_greengrass/, their deployment, the token-exchange role.

Recipes name their artifacts by file name relative to the component's ``artifacts/`` folder; the construct
uploads that folder to the artifacts bucket and rewrites the URIs. A device's thing name is its site id,
so the token-exchange role lets a device write only its own site's partition of the raw tables:
``<table prefix>site=<its thing name>/`` in the raw bucket, where the catalog (and so Athena) reads them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_greengrassv2 as greengrass
from aws_cdk import aws_iam as iam
from aws_cdk import aws_iot as iot
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.nag import suppress
from infra.sources import Component, DefinitionError

SITE_PARTITION = "site=${credentials-iot:ThingName}/*"


class Edge(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, components: list[Component], raw_bucket: s3.IBucket,
        key: kms.IKey, access_logs: s3.IBucket, thing_group: str, name_prefix: str, raw_prefixes: Sequence[str],
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.artifacts = s3.Bucket(
            self, "Artifacts", encryption=s3.BucketEncryption.KMS, encryption_key=key, enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, versioned=True,
            server_access_logs_bucket=access_logs, server_access_logs_prefix="s3/edge-artifacts/",
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        self.token_exchange_role = self._token_exchange_role(raw_bucket, key, raw_prefixes)
        self.role_alias = iot.CfnRoleAlias(self, "RoleAlias", role_alias=f"{name_prefix}-edge-token-exchange",
                                           role_arn=self.token_exchange_role.role_arn)  # fmt: skip
        self.versions = [self._component(c) for c in components]
        if components:
            self._deployment(thing_group, components)

    def _token_exchange_role(self, raw_bucket: s3.IBucket, key: kms.IKey, raw_prefixes: Sequence[str]) -> iam.Role:
        role = iam.Role(self, "TokenExchangeRole", assumed_by=iam.ServicePrincipal("credentials.iot.amazonaws.com"))
        own_site = [raw_bucket.arn_for_objects(prefix + SITE_PARTITION) for prefix in raw_prefixes]
        if own_site:  # no raw table partitioned by site yet: devices have nowhere to write
            role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject"], resources=own_site))
        role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"],
                                               resources=[self.artifacts.arn_for_objects("components/*")]))
        role.add_to_policy(iam.PolicyStatement(actions=["kms:GenerateDataKey", "kms:Decrypt"],
                                               resources=[key.key_arn]))  # fmt: skip
        role.add_to_policy(iam.PolicyStatement(
            actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:/aws/greengrass/*"],
        ))  # fmt: skip
        suppress(role, "IAM5", "Scoped to the device's own site prefix, the component artifacts and "
                 "Greengrass' own log groups; object keys are only known at run time.",
                 applies_to=[*(f"Resource::{arn}" for arn in own_site),
                             f"Resource::{self.artifacts.arn_for_objects('components/*')}",
                             f"Resource::arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:/aws/greengrass/*"])
        return role

    def _component(self, component: Component) -> greengrass.CfnComponentVersion:
        prefix = f"components/{component.name}/{component.version}"
        artifacts_dir = component.directory / "artifacts"
        if artifacts_dir.is_dir():
            s3deploy.BucketDeployment(
                self, f"Upload{_ident(component.name)}", sources=[s3deploy.Source.asset(str(artifacts_dir))],
                destination_bucket=self.artifacts, destination_key_prefix=prefix, prune=False,
            )  # fmt: skip
        recipe = _with_artifact_uris(component, f"s3://{self.artifacts.bucket_name}/{prefix}")
        return greengrass.CfnComponentVersion(self, f"Component{_ident(component.name)}",
                                              inline_recipe=json.dumps(recipe))  # fmt: skip

    def _deployment(self, thing_group: str, components: list[Component]) -> None:
        deployment = greengrass.CfnDeployment(
            self, "Deployment", deployment_name=f"{thing_group}-components",
            target_arn=f"arn:{Aws.PARTITION}:iot:{Aws.REGION}:{Aws.ACCOUNT_ID}:thinggroup/{thing_group}",
            components={c.name: {"componentVersion": c.version} for c in components},
        )  # fmt: skip
        for version in self.versions:
            deployment.node.add_dependency(version)


def _with_artifact_uris(component: Component, base_uri: str) -> dict[str, Any]:
    recipe = copy.deepcopy(component.recipe)
    for manifest in recipe.get("Manifests", []):
        for artifact in manifest.get("Artifacts", []):
            uri = str(artifact.get("Uri", ""))
            if "://" in uri:
                continue
            if not (component.directory / "artifacts" / uri).is_file():
                raise DefinitionError(f"{component.name}: artifact {uri!r} is not in {component.directory}/artifacts")
            artifact["Uri"] = f"{base_uri}/{uri}"
    return recipe


def _ident(name: str) -> str:
    return "".join(ch for ch in name.title() if ch.isalnum())
