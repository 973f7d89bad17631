"""One contract for the SecretSource port: owner-only key files in the data directory, and Secrets Manager
(moto) holding the secret CDK generates."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from mdap.adapters.aws.secrets import SecretsManagerSecrets
from mdap.adapters.local.secrets import LocalSecrets
from mdap.ports.errors import InvalidRequest, NotFound
from mdap.ports.secrets import PSEUDONYM_KEY, SecretSource
from tests.integration.contracts.conftest import REGION


@pytest.fixture(params=["local", "aws"])
def source(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SecretSource]:
    if request.param == "local":
        yield LocalSecrets(tmp_path / "secrets")
        return
    request.getfixturevalue("aws")
    client = boto3.client("secretsmanager", region_name=REGION)
    arn = client.create_secret(Name="mdap/pipeline/pseudonym-key", SecretString="x" * 48)["ARN"]
    yield SecretsManagerSecrets(client, {PSEUDONYM_KEY: arn})


def test_the_pseudonym_key_is_the_same_on_every_call_and_long_enough(source: SecretSource) -> None:
    first = source.secret(PSEUDONYM_KEY)
    assert len(first) >= 32
    assert source.secret(PSEUDONYM_KEY) == first


def test_secret_names_are_checked(source: SecretSource) -> None:
    with pytest.raises(InvalidRequest):
        source.secret("../etc/passwd")


def test_the_local_key_file_is_owner_only_and_survives_a_restart(tmp_path: Path) -> None:
    key = LocalSecrets(tmp_path / "secrets").secret(PSEUDONYM_KEY)
    path = tmp_path / "secrets" / PSEUDONYM_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert LocalSecrets(tmp_path / "secrets").secret(PSEUDONYM_KEY) == key


@pytest.mark.usefixtures("aws")
def test_a_secret_not_provisioned_or_too_short_is_refused() -> None:
    client = boto3.client("secretsmanager", region_name=REGION)
    with pytest.raises(NotFound):
        SecretsManagerSecrets(client, {}).secret(PSEUDONYM_KEY)
    with pytest.raises(NotFound):
        SecretsManagerSecrets(client, {PSEUDONYM_KEY: "mdap/missing"}).secret(PSEUDONYM_KEY)
    client.create_secret(Name="short", SecretString="tiny")
    with pytest.raises(InvalidRequest, match="at least 32"):
        SecretsManagerSecrets(client, {PSEUDONYM_KEY: "short"}).secret(PSEUDONYM_KEY)
