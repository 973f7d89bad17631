"""One contract for identity and sessions: the local issuer over SQLite, and Cognito with DynamoDB (moto).

Sessions (rotation, reuse detection, log-out) are kept by the same code over each profile's Table; the
Cognito cases also prove that Cognito itself stops honouring its refresh token on a global sign-out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra.parts.identity_client import WEB_CLIENT_AUTH_FLOWS, WEB_CLIENT_READ_ATTRIBUTES
from mdap.adapters.aws.cognito import CognitoIdentity
from mdap.adapters.aws.dynamodb import DynamoTable, create_dynamo_table
from mdap.adapters.clock import SystemClock
from mdap.adapters.local.identity import LocalIdentity
from mdap.adapters.local.table import SqliteTable
from mdap.domain.identity import ROLES, InvalidCredentials, SessionReused, Unauthenticated
from mdap.identity.ledger import SessionLedger
from mdap.identity.sessions import Sessions
from mdap.identity.throttle import LoginThrottle, ThrottlePolicy
from mdap.ports.errors import NotFound
from mdap.ports.identity import IdentityProvider, InvalidUser, UserDirectory, UserExists
from mdap.ports.table import Table

PASSWORD = "Correct-Horse-7-battery"
USERS = [("staff@example.kr", "담당자", ["staff"]), ("boss@example.kr", "관리자", ["admin", "staff"])]
REGION = "ap-northeast-2"


@dataclass
class Profile:
    name: str
    provider: IdentityProvider
    sessions: Sessions


def _sessions(provider: IdentityProvider, table: Table) -> Sessions:
    clock = SystemClock()
    return Sessions(provider, SessionLedger(table, clock, timedelta(hours=12)),
                    LoginThrottle(table, clock, ThrottlePolicy()))


def _local(tmp_path: Path) -> Profile:
    table = SqliteTable(tmp_path / "table.sqlite3")
    identity = LocalIdentity(table, SystemClock(), b"k" * 48, token_minutes=30)
    for email, name, roles in USERS:
        identity.create_user(email, name, roles, PASSWORD)
    return Profile("local", identity, _sessions(identity, table))


def _cognito() -> Profile:
    client: Any = boto3.client("cognito-idp", region_name=REGION)
    # the pool's custom attribute "site" as infra/parts/identity.py defines it (custom:site in tokens)
    pool = client.create_user_pool(PoolName="mdap", Schema=[
        {"Name": "site", "AttributeDataType": "String", "Mutable": True,
         "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "63"}}])["UserPool"]["Id"]
    # The deployed web client's own settings (infra), so the contract proves the client CDK creates.
    app = client.create_user_pool_client(UserPoolId=pool, ClientName="web",
                                         ExplicitAuthFlows=list(WEB_CLIENT_AUTH_FLOWS),
                                         ReadAttributes=list(WEB_CLIENT_READ_ATTRIBUTES))
    for role in ROLES:
        client.create_group(UserPoolId=pool, GroupName=role)
    for email, name, roles in USERS:
        client.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                                 UserAttributes=[{"Name": "email", "Value": email}, {"Name": "name", "Value": name}])
        client.admin_set_user_password(UserPoolId=pool, Username=email, Password=PASSWORD, Permanent=True)
        for role in roles:
            client.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=role)
    create_dynamo_table(boto3.client("dynamodb", region_name=REGION), "mdap-identity")
    identity = CognitoIdentity(client, app["UserPoolClient"]["ClientId"], pool)
    return Profile("cognito", identity, _sessions(identity, DynamoTable(boto3.resource("dynamodb", region_name=REGION),
                                                                        "mdap-identity")))


@pytest.fixture(params=["local", "cognito"])
def profile(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Profile]:
    if request.param == "local":
        yield _local(tmp_path)
        return
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        yield _cognito()


def test_login_returns_a_session_with_the_users_roles(profile: Profile) -> None:
    session = profile.sessions.log_in("boss@example.kr", PASSWORD, "192.0.2.1")
    assert session.principal.email == "boss@example.kr"
    assert session.principal.roles == {"admin", "staff"}
    assert session.id_token
    assert session.refresh_token and session.csrf_token.startswith(session.family + ".")


def test_wrong_password_and_unknown_user_are_the_same_refusal(profile: Profile) -> None:
    with pytest.raises(InvalidCredentials):
        profile.sessions.log_in("staff@example.kr", "Wrong-Password-99", "192.0.2.1")
    with pytest.raises(InvalidCredentials):
        profile.sessions.log_in("nobody@example.kr", PASSWORD, "192.0.2.1")


def test_refresh_rotates_and_renews_the_id_token(profile: Profile) -> None:
    session = profile.sessions.log_in("staff@example.kr", PASSWORD, "192.0.2.1")
    renewed = profile.sessions.refresh(session.refresh_token)
    assert renewed.principal.email == "staff@example.kr"
    assert renewed.principal.roles == {"staff"}
    assert renewed.refresh_token != session.refresh_token
    assert renewed.expires_at >= session.expires_at
    assert profile.sessions.refresh(renewed.refresh_token).family == session.family


def test_reuse_of_a_rotated_token_revokes_the_family(profile: Profile) -> None:
    session = profile.sessions.log_in("staff@example.kr", PASSWORD, "192.0.2.1")
    renewed = profile.sessions.refresh(session.refresh_token)
    with pytest.raises(SessionReused):
        profile.sessions.refresh(session.refresh_token)
    with pytest.raises(Unauthenticated):
        profile.sessions.refresh(renewed.refresh_token)


def test_log_out_revokes_the_family(profile: Profile) -> None:
    session = profile.sessions.log_in("staff@example.kr", PASSWORD, "192.0.2.1")
    other = profile.sessions.log_in("staff@example.kr", PASSWORD, "192.0.2.1")
    assert profile.sessions.log_out(session.refresh_token) == 1
    with pytest.raises(Unauthenticated):
        profile.sessions.refresh(session.refresh_token)
    assert profile.sessions.refresh(other.refresh_token).principal.email == "staff@example.kr"


def test_log_out_everywhere_ends_all_sessions_of_the_user(profile: Profile) -> None:
    first = profile.sessions.log_in("staff@example.kr", PASSWORD, "192.0.2.1")
    second = profile.sessions.log_in("staff@example.kr", PASSWORD, "192.0.2.2")
    boss = profile.sessions.log_in("boss@example.kr", PASSWORD, "192.0.2.3")
    assert profile.sessions.log_out(first.refresh_token, everywhere=True) == 2
    for ended in (first, second):
        with pytest.raises(Unauthenticated):
            profile.sessions.refresh(ended.refresh_token)
    assert profile.sessions.refresh(boss.refresh_token).principal.email == "boss@example.kr"


def test_global_sign_out_makes_the_provider_refuse_its_own_credential(profile: Profile) -> None:
    grant = profile.provider.authenticate("staff@example.kr", PASSWORD)
    profile.provider.sign_out_everywhere(grant.principal)
    if grant.upstream_refresh is None:
        assert profile.name == "local"  # nothing held outside the ledger: the families are the only credential
        return
    with pytest.raises(Unauthenticated):
        profile.provider.reissue(grant.principal, grant.upstream_refresh)


def test_users_are_listed_with_roles(profile: Profile) -> None:
    listed = {user.email: user.roles for user in profile.provider.list_users()}
    assert listed == {"staff@example.kr": {"staff"}, "boss@example.kr": {"admin", "staff"}}


# -- the user directory (administrators): the same behaviour from Cognito's Admin* calls and the local records --
def _directory(profile: Profile) -> UserDirectory:
    assert isinstance(profile.provider, UserDirectory)
    return profile.provider


def _enabled(profile: Profile) -> dict[str, bool]:
    return {account.principal.email: account.enabled for account in _directory(profile).accounts()}


def test_a_created_user_logs_in_with_its_roles_and_is_listed_enabled(profile: Profile) -> None:
    created = _directory(profile).create_user("New.Evaluator@Example.kr", "새 평가위원", ["evaluator"], PASSWORD)
    assert (created.email, created.roles) == ("new.evaluator@example.kr", {"evaluator"})
    session = profile.sessions.log_in("new.evaluator@example.kr", PASSWORD, "192.0.2.9")
    assert session.principal.roles == {"evaluator"} and session.principal.sub == created.sub
    assert _enabled(profile)["new.evaluator@example.kr"] is True


def test_creating_an_existing_user_or_a_bad_one_is_refused(profile: Profile) -> None:
    with pytest.raises(UserExists):
        _directory(profile).create_user("STAFF@example.kr", "담당자", ["staff"], PASSWORD)
    for email, roles, password in (("nobody", ["staff"], PASSWORD), ("a@example.kr", ["root"], PASSWORD),
                                   ("a@example.kr", ["staff"], "short")):
        with pytest.raises(InvalidUser):
            _directory(profile).create_user(email, "이름", roles, password)


def test_a_disabled_user_cannot_log_in_until_enabled_again(profile: Profile) -> None:
    disabled = _directory(profile).set_enabled("staff@example.kr", False)
    assert disabled.enabled is False and disabled.principal.roles == {"staff"}
    assert _enabled(profile)["staff@example.kr"] is False
    with pytest.raises(InvalidCredentials):
        profile.provider.authenticate("staff@example.kr", PASSWORD)
    assert _directory(profile).set_enabled("staff@example.kr", True).enabled is True
    assert profile.provider.authenticate("staff@example.kr", PASSWORD).principal.email == "staff@example.kr"


def test_a_reset_password_replaces_the_old_one(profile: Profile) -> None:
    _directory(profile).set_password("staff@example.kr", "Reset-Password-2026!")
    with pytest.raises(InvalidCredentials):
        profile.provider.authenticate("staff@example.kr", PASSWORD)
    assert profile.provider.authenticate("staff@example.kr", "Reset-Password-2026!").principal.roles == {"staff"}


def test_roles_are_replaced_and_the_next_token_carries_them(profile: Profile) -> None:
    changed = _directory(profile).set_roles("boss@example.kr", ["evaluator", "staff"])
    assert changed.principal.roles == {"evaluator", "staff"}
    assert {u.email: u.roles for u in profile.provider.list_users()}["boss@example.kr"] == {"evaluator", "staff"}
    assert profile.provider.authenticate("boss@example.kr", PASSWORD).principal.roles == {"evaluator", "staff"}
    with pytest.raises(InvalidUser):
        _directory(profile).set_roles("boss@example.kr", [])


def test_changing_a_user_that_does_not_exist_is_not_found(profile: Profile) -> None:
    for change in (lambda d: d.set_enabled("ghost@example.kr", False),
                   lambda d: d.set_password("ghost@example.kr", "Another-Password-1!"),
                   lambda d: d.set_roles("ghost@example.kr", ["staff"])):
        with pytest.raises(NotFound):
            change(_directory(profile))


# -- a factory user's site: set by administrators, carried by its tokens, listed, replaced with the roles --------
def test_a_factory_user_is_created_with_its_site_and_its_tokens_carry_it(profile: Profile) -> None:
    created = _directory(profile).create_user("kim@demo.kr", "김공장", ["factory"], PASSWORD, "demo")
    assert (created.roles, created.site) == ({"factory"}, "demo")
    session = profile.sessions.log_in("kim@demo.kr", PASSWORD, "192.0.2.7")
    assert (session.principal.roles, session.principal.site) == ({"factory"}, "demo")
    assert profile.sessions.refresh(session.refresh_token).principal.site == "demo"
    assert {u.email: u.site for u in profile.provider.list_users()}["kim@demo.kr"] == "demo"
    assert {a.principal.email: a.principal.site for a in _directory(profile).accounts()}["staff@example.kr"] is None


def test_a_site_goes_with_the_factory_role_only(profile: Profile) -> None:
    for roles, site in ((["factory"], None), (["factory"], "Not A Site"), (["staff"], "demo")):
        with pytest.raises(InvalidUser):
            _directory(profile).create_user("lee@demo.kr", "이", roles, PASSWORD, site)
    with pytest.raises(InvalidUser):
        _directory(profile).set_roles("staff@example.kr", ["factory"])


def test_roles_and_site_are_replaced_together(profile: Profile) -> None:
    moved = _directory(profile).set_roles("staff@example.kr", ["factory"], "busan-2")
    assert (moved.principal.roles, moved.principal.site) == ({"factory"}, "busan-2")
    assert profile.provider.authenticate("staff@example.kr", PASSWORD).principal.site == "busan-2"
    moved = _directory(profile).set_roles("staff@example.kr", ["factory", "applicant"], "seoul-1")
    assert moved.principal.site == "seoul-1"
    back = _directory(profile).set_roles("staff@example.kr", ["staff"])
    assert (back.principal.roles, back.principal.site) == ({"staff"}, None)
    assert profile.provider.authenticate("staff@example.kr", PASSWORD).principal.site is None
