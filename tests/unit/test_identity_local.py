from datetime import timedelta

import jwt
import pytest

from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.identity import LocalIdentity
from mdap.domain.identity import InvalidCredentials, Unauthenticated, principal_from_claims
from tests.unit.fakes import InMemoryTable

SECRET = b"s" * 48
PASSWORD = "correct horse battery"


@pytest.fixture
def clock() -> ControllableClock:
    return ControllableClock()


@pytest.fixture
def identity(clock: ControllableClock) -> LocalIdentity:
    ident = LocalIdentity(InMemoryTable(), clock, SECRET, token_minutes=30)
    ident.create_user("Staff@Example.kr", "담당자", ["staff"], PASSWORD)
    return ident


def test_login_issues_token_with_cognito_shaped_claims(identity: LocalIdentity) -> None:
    session = identity.authenticate("staff@example.kr", PASSWORD)
    claims = identity.verify(session.id_token)
    assert claims["email"] == "staff@example.kr"
    assert claims["cognito:groups"] == ["staff"]
    assert principal_from_claims(claims).roles == {"staff"}


def test_password_is_stored_as_argon2_hash_not_plain(identity: LocalIdentity) -> None:
    item = identity._table.get("USER#staff@example.kr", "PROFILE")
    assert item is not None
    assert PASSWORD not in str(item.data)
    assert item.data["password_hash"].startswith("$argon2id$")


@pytest.mark.parametrize("email,password", [("staff@example.kr", "wrong password!"), ("nobody@x.kr", PASSWORD)])
def test_wrong_email_or_password_gives_the_same_refusal(identity: LocalIdentity, email: str, password: str) -> None:
    with pytest.raises(InvalidCredentials) as refused:
        identity.authenticate(email, password)
    assert str(refused.value) == "wrong e-mail or password"


def test_expired_token_is_rejected(identity: LocalIdentity, clock: ControllableClock) -> None:
    token = identity.authenticate("staff@example.kr", PASSWORD).id_token
    clock.advance(timedelta(minutes=31))
    with pytest.raises(Unauthenticated, match="expired"):
        identity.verify(token)


def test_tampered_token_is_rejected(identity: LocalIdentity) -> None:
    token = identity.authenticate("staff@example.kr", PASSWORD).id_token
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["cognito:groups"] = ["admin"]
    forged = jwt.encode(claims, b"x" * 48, algorithm="HS256")
    with pytest.raises(Unauthenticated):
        identity.verify(forged)


def test_reissue_gives_a_later_token_with_current_roles(identity: LocalIdentity, clock: ControllableClock) -> None:
    first = identity.authenticate("staff@example.kr", PASSWORD)
    clock.advance(timedelta(minutes=20))
    second = identity.reissue(first.principal, None)
    assert second.expires_at > first.expires_at
    assert second.id_token != first.id_token
    assert identity.verify(second.id_token)["sub"] == first.principal.sub


def test_reissue_refuses_a_user_that_was_replaced(identity: LocalIdentity) -> None:
    grant = identity.authenticate("staff@example.kr", PASSWORD)
    stranger = type(grant.principal)("another-sub", grant.principal.email, "x", frozenset({"staff"}))
    with pytest.raises(Unauthenticated):
        identity.reissue(stranger, None)


def test_a_cached_verification_still_expires_on_the_clock(identity: LocalIdentity, clock: ControllableClock) -> None:
    token = identity.authenticate("staff@example.kr", PASSWORD).id_token
    assert identity.verify(token)["email"] == "staff@example.kr"
    assert identity.verify(token)["email"] == "staff@example.kr"  # second time from the cache
    clock.advance(timedelta(minutes=30))
    with pytest.raises(Unauthenticated, match="expired"):
        identity.verify(token)


def test_duplicate_user_and_weak_password_are_refused(identity: LocalIdentity) -> None:
    with pytest.raises(ValueError, match="already exists"):
        identity.create_user("staff@example.kr", "x", ["staff"], PASSWORD)
    with pytest.raises(ValueError, match="12 characters"):
        identity.create_user("new@example.kr", "x", ["staff"], "short")
    with pytest.raises(ValueError, match="roles"):
        identity.create_user("new@example.kr", "x", ["root"], PASSWORD)
