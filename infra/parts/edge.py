"""Edge: Greengrass component versions from edge_greengrass/, their deployment, the token-exchange role.

Recipes name their artifacts by file name relative to the component's artifacts folder: the output of the
component's gdk custom build (``gdk-config.json`` -> ``greengrass-build/artifacts/<name>/<version>/``, built
here at synth by the same command ``gdk component build`` runs; ``python3`` in it is the interpreter running
synth), else its ``artifacts/`` folder. Recipes are validated (infra/recipes.py), the folder is uploaded to
the artifacts bucket and the URIs rewritten. A device's thing name is its site id, so the token-exchange
role lets a device write (and read back) only its own site's partition of the raw tables,
``<table prefix>site=<its thing name>/``, write only its own site's status records in the table
(``pk = EDGE#<thing name>``), and read only its own site's secrets (``mdap-edge/<thing name>/...``).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_greengrassv2 as greengrass
from aws_cdk import aws_iam as iam
from aws_cdk import aws_iot as iot
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.nag import suppress
from infra.recipes import RecipeError, validate_recipe
from infra.sources import Component, DefinitionError

THING = "${credentials-iot:ThingName}"
SITE_PARTITION = f"site={THING}/*"
SECRETS_PREFIX = "mdap-edge/"


class Edge(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, components: list[Component], raw_bucket: s3.IBucket,
        key: kms.IKey, access_logs: s3.IBucket, thing_group: str, name_prefix: str, raw_prefixes: Sequence[str],
        status_table: dynamodb.ITable,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.artifacts = s3.Bucket(
            self, "Artifacts", encryption=s3.BucketEncryption.KMS, encryption_key=key, enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, versioned=True,
            server_access_logs_bucket=access_logs, server_access_logs_prefix="s3/edge-artifacts/",
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        self.token_exchange_role = self._token_exchange_role(raw_bucket, key, raw_prefixes)
        self._grant_status_and_secrets(self.token_exchange_role, status_table)
        self.role_alias = iot.CfnRoleAlias(self, "RoleAlias", role_alias=f"{name_prefix}-edge-token-exchange",
                                           role_arn=self.token_exchange_role.role_arn)  # fmt: skip
        self.versions = [self._component(c) for c in components]
        if components:
            self._deployment(thing_group, components)

    def _token_exchange_role(self, raw_bucket: s3.IBucket, key: kms.IKey, raw_prefixes: Sequence[str]) -> iam.Role:
        role = iam.Role(self, "TokenExchangeRole", assumed_by=iam.ServicePrincipal("credentials.iot.amazonaws.com"))
        own_site = [raw_bucket.arn_for_objects(prefix + SITE_PARTITION) for prefix in raw_prefixes]
        if own_site:  # no raw table partitioned by site yet: devices have nowhere to write
            # GetObject: the S3 BlobStore reads back (HEAD) what it wrote; only the device's own site.
            role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject", "s3:GetObject"], resources=own_site))
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

    def _grant_status_and_secrets(self, role: iam.Role, status_table: dynamodb.ITable) -> None:
        role.add_to_policy(iam.PolicyStatement(
            actions=["dynamodb:GetItem", "dynamodb:PutItem"], resources=[status_table.table_arn],
            conditions={"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [f"EDGE#{THING}"]}},
        ))  # fmt: skip
        secrets = (f"arn:{Aws.PARTITION}:secretsmanager:{Aws.REGION}:{Aws.ACCOUNT_ID}:secret:"
                   f"{SECRETS_PREFIX}{THING}/*")
        role.add_to_policy(iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[secrets]))
        suppress(role, "IAM5", "The secret manager component reads the device's own site's secrets "
                 "(mdap-edge/<thing name>/...); their names are chosen per factory.",
                 applies_to=[f"Resource::{secrets}"])

    def _component(self, component: Component) -> greengrass.CfnComponentVersion:
        prefix = f"components/{component.name}/{component.version}"
        artifacts_dir = built_artifacts(component)
        try:
            validate_recipe(component.recipe, artifacts_dir, component.name)
        except RecipeError as exc:
            raise DefinitionError(str(exc)) from None
        if artifacts_dir is not None:
            s3deploy.BucketDeployment(
                self, f"Upload{_ident(component.name)}", sources=[s3deploy.Source.asset(str(artifacts_dir))],
                destination_bucket=self.artifacts, destination_key_prefix=prefix, prune=False,
            )  # fmt: skip
        recipe = _with_artifact_uris(component, artifacts_dir, f"s3://{self.artifacts.bucket_name}/{prefix}")
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


def built_artifacts(component: Component) -> Path | None:
    """The component's artifacts folder: its gdk custom build's output (built now), else ``artifacts/``."""
    gdk_file = component.directory / "gdk-config.json"
    if not gdk_file.exists():
        plain = component.directory / "artifacts"
        return plain if plain.is_dir() else None
    settings = json.loads(gdk_file.read_text(encoding="utf-8"))["component"].get(component.name)
    if settings is None or settings.get("version") not in (component.version, "NEXT_PATCH"):
        raise DefinitionError(f"{gdk_file}: needs component {component.name} at version {component.version}")
    build = settings.get("build", {})
    if build.get("build_system") != "custom":
        raise DefinitionError(f"{gdk_file}: only the custom build system is supported here")
    command = [sys.executable if part in ("python", "python3") else part for part in build["custom_build_command"]]
    done = subprocess.run(command, cwd=component.directory, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DefinitionError(f"{component.name}: build {command} failed:\n{done.stderr[-2000:]}")
    return component.directory / "greengrass-build" / "artifacts" / component.name / component.version


def _with_artifact_uris(component: Component, artifacts_dir: Path | None, base_uri: str) -> dict[str, Any]:
    recipe = copy.deepcopy(component.recipe)
    for manifest in recipe.get("Manifests", []):
        for artifact in manifest.get("Artifacts", []):
            uri = str(artifact.get("Uri", ""))
            if "://" in uri:
                continue
            if artifacts_dir is None or not (artifacts_dir / uri).is_file():
                raise DefinitionError(f"{component.name}: artifact {uri!r} is not in {artifacts_dir}")
            artifact["Uri"] = f"{base_uri}/{uri}"
    return recipe


def _ident(name: str) -> str:
    return "".join(ch for ch in name.title() if ch.isalnum())
