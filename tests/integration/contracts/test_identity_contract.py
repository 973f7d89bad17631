"""One contract for the identity port: the local issuer and Cognito (on moto)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra.parts.identity_client import WEB_CLIENT_AUTH_FLOWS, WEB_CLIENT_READ_ATTRIBUTES
from mdap.adapters.aws.cognito import CognitoIdentity
from mdap.adapters.clock import SystemClock
from mdap.adapters.local.identity import LocalIdentity
from mdap.domain.identity import InvalidCredentials
from mdap.ports.identity import IdentityProvider
from tests.unit.fakes import InMemoryTable

PASSWORD = "Correct-Horse-7-battery"
USERS = [("staff@example.kr", "담당자", ["staff"]), ("boss@example.kr", "관리자", ["admin", "staff"])]


def _local(tmp_path: Path) -> IdentityProvider:
    identity = LocalIdentity(InMemoryTable(), SystemClock(), b"k" * 48, token_minutes=30, attempts_per_window=10)
    for email, name, roles in USERS:
        identity.create_user(email, name, roles, PASSWORD)
    return identity


def _cognito() -> IdentityProvider:
    client: Any = boto3.client("cognito-idp", region_name="ap-northeast-2")
    pool = client.create_user_pool(PoolName="mdap")["UserPool"]["Id"]
    # The deployed web client's own settings (infra), so the contract proves the client CDK creates.
    app = client.create_user_pool_client(UserPoolId=pool, ClientName="web",
                                         ExplicitAuthFlows=list(WEB_CLIENT_AUTH_FLOWS),
                                         ReadAttributes=list(WEB_CLIENT_READ_ATTRIBUTES))
    for role in ("applicant", "evaluator", "staff", "admin"):
        client.create_group(UserPoolId=pool, GroupName=role)
    for email, name, roles in USERS:
        client.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                                 UserAttributes=[{"Name": "email", "Value": email}, {"Name": "name", "Value": name}])
        client.admin_set_user_password(UserPoolId=pool, Username=email, Password=PASSWORD, Permanent=True)
        for role in roles:
            client.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=role)
    return CognitoIdentity(client, app["UserPoolClient"]["ClientId"], pool)


@pytest.fixture(params=["local", "cognito"])
def identity(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> Iterator[IdentityProvider]:
    if request.param == "local":
        yield _local(tmp_path)
        return
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "ap-northeast-2"}.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        yield _cognito()


def test_login_returns_a_session_with_the_users_roles(identity: IdentityProvider) -> None:
    session = identity.authenticate("boss@example.kr", PASSWORD)
    assert session.principal.email == "boss@example.kr"
    assert session.principal.roles == {"admin", "staff"}
    assert session.id_token


def test_wrong_password_and_unknown_user_are_the_same_refusal(identity: IdentityProvider) -> None:
    with pytest.raises(InvalidCredentials):
        identity.authenticate("staff@example.kr", "Wrong-Password-99")
    with pytest.raises(InvalidCredentials):
        identity.authenticate("nobody@example.kr", PASSWORD)


def test_session_can_be_refreshed(identity: IdentityProvider) -> None:
    session = identity.authenticate("staff@example.kr", PASSWORD)
    renewed = identity.refresh(session.id_token, session.refresh_token)
    assert renewed.principal.email == "staff@example.kr"
    assert renewed.expires_at >= session.expires_at


def test_users_are_listed_with_roles(identity: IdentityProvider) -> None:
    listed = {user.email: user.roles for user in identity.list_users()}
    assert listed == {"staff@example.kr": {"staff"}, "boss@example.kr": {"admin", "staff"}}
