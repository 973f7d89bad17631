"""The built-in local identity issuer: users in the Table, argon2 hashes, short-lived HS256 JWTs.

Tokens carry the same claims as Cognito ID tokens (``sub``, ``email``, ``cognito:groups``) so the
API's authorisation layer reads both the same way.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mdap.domain.identity import (
    ROLES,
    InvalidCredentials,
    Principal,
    TooManyAttempts,
    Unauthenticated,
    principal_from_claims,
)
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed
from mdap.ports.identity import IdentityProvider, Session
from mdap.ports.table import Table

ISSUER = "mdap-local"
ATTEMPT_WINDOW = timedelta(minutes=15)
_hasher = PasswordHasher()
# Verifying against this keeps the time of an unknown e-mail close to that of a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def _user_key(email: str) -> tuple[str, str]:
    return f"USER#{email.strip().lower()}", "PROFILE"


class LocalIdentity(IdentityProvider):
    def __init__(
        self, table: Table, clock: Clock, secret: bytes, *, token_minutes: int, attempts_per_window: int
    ) -> None:
        if len(secret) < 32:
            raise ValueError("the token signing secret must be at least 32 bytes")
        self._table = table
        self._clock = clock
        self._secret = secret
        self._lifetime = timedelta(minutes=token_minutes)
        self._attempts = attempts_per_window

    # -- users -------------------------------------------------------------------------------
    def create_user(self, email: str, name: str, roles: Iterable[str], password: str) -> Principal:
        roles = frozenset(roles)
        unknown = roles.difference(ROLES)
        if unknown or not roles:
            raise ValueError(f"roles must be a non-empty subset of {ROLES}; got {sorted(roles)}")
        if len(password) < 12:
            raise ValueError("passwords need at least 12 characters")
        email = email.strip().lower()
        if "@" not in email:
            raise ValueError(f"not an e-mail address: {email!r}")
        sub = str(uuid.uuid4())
        data = {"sub": sub, "email": email, "name": name, "roles": sorted(roles),
                "password_hash": _hasher.hash(password), "gsi1pk": "USERS", "gsi1sk": email}
        pk, sk = _user_key(email)
        try:
            self._table.put(pk, sk, data, expect_version=0)
        except ConditionFailed:
            raise ValueError(f"a user with e-mail {email} already exists") from None
        return Principal(sub=sub, email=email, name=name, roles=roles)

    def list_users(self) -> list[Principal]:
        page = self._table.query("USERS", index="gsi1", limit=1000)
        return [self._principal(item.data) for item in page.items]

    # -- IdentityProvider ----------------------------------------------------------------------
    def authenticate(self, email: str, password: str) -> Session:
        email = email.strip().lower()
        window = self._check_attempts(email)
        item = self._table.get(*_user_key(email))
        stored = item.data["password_hash"] if item else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
            if item is None:
                raise VerificationError("unknown user")
        except (VerificationError, InvalidHashError):
            self._record_failure(email, window)
            raise InvalidCredentials("wrong e-mail or password") from None
        return self._issue(self._principal(item.data))

    def refresh(self, id_token: str, refresh_token: str | None = None) -> Session:
        principal = principal_from_claims(self.verify(id_token))
        item = self._table.get(*_user_key(principal.email))
        if item is None:
            raise Unauthenticated("the user no longer exists")
        return self._issue(self._principal(item.data))

    def verify(self, token: str) -> dict[str, Any]:
        """Claims of a valid token; raise Unauthenticated for a tampered, foreign or expired one."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token.removeprefix("Bearer ").strip(), self._secret, algorithms=["HS256"],
                issuer=ISSUER, options={"require": ["exp", "iat", "sub"], "verify_iat": False, "verify_exp": False},
                leeway=0, audience=None,
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}") from None
        if claims["exp"] <= self._clock.now().timestamp():  # expiry judged by the Clock port
            raise Unauthenticated("invalid token: expired")
        return claims

    # -- internals ----------------------------------------------------------------------------
    def _issue(self, principal: Principal) -> Session:
        now = self._clock.now()
        expires = int((now + self._lifetime).timestamp())
        claims = {"iss": ISSUER, "sub": principal.sub, "email": principal.email, "name": principal.name,
                  "cognito:groups": sorted(principal.roles), "token_use": "id",
                  "iat": int(now.timestamp()), "exp": expires}
        token = jwt.encode(claims, self._secret, algorithm="HS256")
        return Session(id_token=token, expires_at=expires, principal=principal)

    def _attempt_key(self, email: str, window: int) -> tuple[str, str]:
        return f"LOGIN#{email}", f"WINDOW#{window}"

    def _check_attempts(self, email: str) -> int:
        """Refuse when this e-mail had too many failed log-ins in the current window."""
        now = self._clock.now().timestamp()
        window = int(now // ATTEMPT_WINDOW.total_seconds())
        item = self._table.get(*self._attempt_key(email, window))
        if item and int(item.data["failures"]) >= self._attempts:
            end = (window + 1) * ATTEMPT_WINDOW.total_seconds()
            raise TooManyAttempts(retry_after=max(1, int(end - now)))
        return window

    def _record_failure(self, email: str, window: int) -> None:
        pk, sk = self._attempt_key(email, window)
        expires_at = int((window + 2) * ATTEMPT_WINDOW.total_seconds())
        for _ in range(20):  # optimistic increment; retried only under parallel log-ins
            item = self._table.get(pk, sk)
            failures = int(item.data["failures"]) + 1 if item else 1
            try:
                self._table.put(pk, sk, {"failures": failures, "expires_at": expires_at},
                                expect_version=item.version if item else 0)
                return
            except ConditionFailed:
                continue

    @staticmethod
    def _principal(data: Any) -> Principal:
        return Principal(sub=data["sub"], email=data["email"], name=data["name"], roles=frozenset(data["roles"]))
