"""The built-in local identity issuer: users in the Table, argon2 hashes, short-lived HS256 JWTs.

Tokens carry the same claims as Cognito ID tokens (``sub``, ``email``, ``cognito:groups``) so the
API's authorisation layer reads both the same way. Sessions and throttling are shared with the Cognito
profile (``mdap.identity``); this issuer only checks passwords and signs ID tokens.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mdap.domain.identity import SITE_CLAIM, InvalidCredentials, Principal, Unauthenticated
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed, NotFound
from mdap.ports.identity import (
    Account,
    Grant,
    IdentityProvider,
    UserDirectory,
    UserExists,
    checked_password,
    checked_roles,
    checked_user,
)
from mdap.ports.table import Table

ISSUER = "mdap-local"
_hasher = PasswordHasher()
# Verifying against this keeps the time of an unknown e-mail close to that of a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
_VERIFIED_CACHE = 4096  # tokens whose signature was checked: a repeat costs a dict lookup, not an HMAC


def _user_key(email: str) -> tuple[str, str]:
    return f"USER#{email.strip().lower()}", "PROFILE"


class LocalIdentity(IdentityProvider, UserDirectory):
    def __init__(self, table: Table, clock: Clock, secret: bytes, *, token_minutes: int) -> None:
        if len(secret) < 32:
            raise ValueError("the token signing secret must be at least 32 bytes")
        self._table = table
        self._clock = clock
        self._secret = secret
        self._lifetime = timedelta(minutes=token_minutes)
        self._verified: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    # -- users -------------------------------------------------------------------------------
    def create_user(self, email: str, name: str, roles: Iterable[str], password: str, site: str | None = None
                    ) -> Principal:
        email, wanted = checked_user(email, name, roles, password, site)
        sub = str(uuid.uuid4())
        data = {"sub": sub, "email": email, "name": name, "roles": sorted(wanted), "enabled": True,
                "password_hash": _hasher.hash(password), "gsi1pk": "USERS", "gsi1sk": email, "site": site}
        pk, sk = _user_key(email)
        try:
            self._table.put(pk, sk, data, expect_version=0)
        except ConditionFailed:
            raise UserExists(f"a user with e-mail {email} already exists") from None
        return Principal(sub=sub, email=email, name=name, roles=wanted, site=site)

    def list_users(self) -> list[Principal]:
        return [account.principal for account in self.accounts()]

    # -- UserDirectory -------------------------------------------------------------------------
    def accounts(self) -> list[Account]:
        page = self._table.query("USERS", index="gsi1", limit=1000)
        return [_account(item.data) for item in page.items]

    def set_enabled(self, email: str, enabled: bool) -> Account:
        return _account(self._change(email, lambda data: {**data, "enabled": enabled}))

    def set_password(self, email: str, password: str) -> None:
        checked_password(password)
        hashed = _hasher.hash(password)
        self._change(email, lambda data: {**data, "password_hash": hashed})

    def set_roles(self, email: str, roles: Iterable[str], site: str | None = None) -> Account:
        wanted = sorted(checked_roles(roles, site))
        return _account(self._change(email, lambda data: {**data, "roles": wanted, "site": site}))

    # -- IdentityProvider ----------------------------------------------------------------------
    def authenticate(self, email: str, password: str) -> Grant:
        item = self._table.get(*_user_key(email))
        stored = item.data["password_hash"] if item else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
            if item is None or not item.data.get("enabled", True):
                raise VerificationError("unknown or disabled user")
        except (VerificationError, InvalidHashError):
            raise InvalidCredentials("wrong e-mail or password") from None
        return self._issue(self._principal(item.data))

    def reissue(self, principal: Principal, upstream_refresh: str | None) -> Grant:
        item = self._table.get(*_user_key(principal.email))
        if item is None or item.data["sub"] != principal.sub:
            raise Unauthenticated("the user no longer exists")
        if not item.data.get("enabled", True):
            raise Unauthenticated("the user is disabled")
        return self._issue(self._principal(item.data))  # roles as they are now, not as at log-in

    def sign_out_everywhere(self, principal: Principal) -> None:
        """Nothing to do: the local issuer hands out no renewal credential of its own."""

    def verify(self, token: str) -> dict[str, Any]:
        """Claims of a valid token; raise Unauthenticated for a tampered, foreign or expired one."""
        token = token.removeprefix("Bearer ").strip()
        with self._lock:
            claims = self._verified.get(token)
        if claims is None:
            claims = self._decode(token)
            with self._lock:
                self._verified[token] = claims
                if len(self._verified) > _VERIFIED_CACHE:
                    self._verified.popitem(last=False)
        if claims["exp"] <= self._clock.now().timestamp():  # expiry judged by the Clock port, every time
            raise Unauthenticated("invalid token: expired")
        return claims

    # -- internals ----------------------------------------------------------------------------
    def _change(self, email: str, change: Any) -> dict[str, Any]:
        """Apply ``change`` to the user's record with an optimistic write, retried when it races."""
        for _ in range(5):
            item = self._table.get(*_user_key(email))
            if item is None:
                raise NotFound(f"no user {email.strip().lower()}")
            data: dict[str, Any] = change(dict(item.data))
            try:
                self._table.put(item.pk, item.sk, data, expect_version=item.version)
                return data
            except ConditionFailed:
                continue
        raise ConditionFailed(f"user {email} kept changing")

    def _decode(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token, self._secret, algorithms=["HS256"], issuer=ISSUER,
                options={"require": ["exp", "iat", "sub"], "verify_iat": False, "verify_exp": False},
                leeway=0, audience=None,
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}") from None
        return claims

    def _issue(self, principal: Principal) -> Grant:
        now = self._clock.now()
        expires = int((now + self._lifetime).timestamp())
        claims = {"iss": ISSUER, "sub": principal.sub, "email": principal.email, "name": principal.name,
                  "cognito:groups": sorted(principal.roles), "token_use": "id",
                  **({SITE_CLAIM: principal.site} if principal.site else {}),
                  "iat": int(now.timestamp()), "exp": expires, "jti": secrets.token_urlsafe(8)}
        token = jwt.encode(claims, self._secret, algorithm="HS256")
        return Grant(id_token=token, expires_at=expires, principal=principal)

    @staticmethod
    def _principal(data: Any) -> Principal:
        return Principal(sub=data["sub"], email=data["email"], name=data["name"], roles=frozenset(data["roles"]),
                         site=data.get("site"))


def _account(data: Any) -> Account:
    return Account(LocalIdentity._principal(data), bool(data.get("enabled", True)))
