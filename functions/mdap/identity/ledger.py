"""Refresh-token families in the Table: rotation on every use, reuse detection, revocation.

A log-in opens a *family*. Each refresh exchanges the presented token for a new one and marks the old one
used; presenting a used token again means two parties hold the family, so the whole family is revoked
(OAuth 2.0 Security BCP, refresh token rotation). Tokens are stored only as SHA-256 digests.

Records: ``SESSION#<family>/FAMILY`` (owner, expiry, revocation, anti-forgery digest, the provider's own
refresh credential where it has one) and ``REFRESH#<digest>/TOKEN`` (family, state). Both carry
``expires_at`` so DynamoDB's TTL removes them after the family's absolute lifetime.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from mdap.domain.identity import CsrfRejected, Principal, SessionReused, Unauthenticated
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed
from mdap.ports.table import Put, Table

_FAMILY_SK = "FAMILY"
_TOKEN_SK = "TOKEN"
_RETRIES = 16


@dataclass(frozen=True)
class Family:
    id: str
    sub: str
    email: str
    upstream: str | None
    expires_at: int
    version: int
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Opened:
    family: str
    refresh_token: str
    csrf_token: str  # "<family>.<secret>": sent back in a header by browsers that hold the cookie


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _family_key(family: str) -> tuple[str, str]:
    return f"SESSION#{family}", _FAMILY_SK


def _token_key(token: str) -> tuple[str, str]:
    return f"REFRESH#{digest(token)}", _TOKEN_SK


class SessionLedger:
    def __init__(self, table: Table, clock: Clock, lifetime: timedelta) -> None:
        self._table = table
        self._clock = clock
        self._lifetime = lifetime

    def open(self, principal: Principal, upstream: str | None) -> Opened:
        now = self._clock.now()
        family, token, csrf = secrets.token_urlsafe(12), secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        expires = int((now + self._lifetime).timestamp())
        self._table.transact([
            Put(*_family_key(family), {
                "sub": principal.sub, "email": principal.email, "upstream": upstream, "csrf": digest(csrf),
                "created_at": now.isoformat(), "expires_at": expires, "revoked": None,
                "gsi1pk": f"SESSIONS#{principal.sub}", "gsi1sk": f"{now.isoformat()}#{family}"}, expect_version=0),
            Put(*_token_key(token), {"family": family, "state": "active", "expires_at": expires}, expect_version=0),
        ])
        return Opened(family, token, f"{family}.{csrf}")

    def rotate(self, refresh_token: str) -> tuple[Family, str]:
        """Exchange a refresh token for a new one of the same family; the old one is spent."""
        token = self._table.get(*_token_key(refresh_token))
        if token is None:
            raise Unauthenticated("unknown or expired refresh token")
        family = self.family(str(token.data["family"]))
        if token.data["state"] != "active":
            self.revoke(family.id, "reuse")
            raise SessionReused("a spent refresh token was presented again; the session is revoked")
        fresh = secrets.token_urlsafe(32)
        try:
            self._table.transact([
                Put(token.pk, token.sk, {**token.data, "state": "used"}, expect_version=token.version),
                Put(*_token_key(fresh), {"family": family.id, "state": "active", "expires_at": family.expires_at},
                    expect_version=0),
                Put(*_family_key(family.id), {**family.data, "rotated_at": self._clock.now().isoformat()},
                    expect_version=family.version),
            ])
        except ConditionFailed:  # the same token was exchanged concurrently, or the family was revoked
            self.revoke(family.id, "reuse")
            raise SessionReused("the refresh token was used twice; the session is revoked") from None
        return family, fresh

    def family_of(self, refresh_token: str) -> Family:
        """The live family a token (spent or not) belongs to."""
        token = self._table.get(*_token_key(refresh_token))
        if token is None:
            raise Unauthenticated("unknown or expired refresh token")
        return self.family(str(token.data["family"]))

    def family(self, family_id: str) -> Family:
        item = self._table.get(*_family_key(family_id))
        if item is None or item.data.get("revoked"):
            raise Unauthenticated("the session was ended")
        if int(item.data["expires_at"]) <= self._clock.now().timestamp():
            raise Unauthenticated("the session expired; please log in again")
        data = item.data
        return Family(family_id, str(data["sub"]), str(data["email"]), data.get("upstream"),
                      int(data["expires_at"]), item.version, data)

    def check_csrf(self, csrf_token: str) -> Family:
        """The family named by a browser's anti-forgery token, if the token is that family's."""
        family_id, _, secret = csrf_token.partition(".")
        if not family_id or not secret:
            raise CsrfRejected("the X-CSRF-Token header is missing or malformed")
        item = self._table.get(*_family_key(family_id))
        if item is None or not hmac.compare_digest(str(item.data.get("csrf", "")), digest(secret)):
            raise CsrfRejected("the X-CSRF-Token header does not belong to this session")
        return self.family(family_id)

    def revoke(self, family_id: str, reason: str) -> None:
        for _ in range(_RETRIES):
            item = self._table.get(*_family_key(family_id))
            if item is None or item.data.get("revoked"):
                return
            data = {**item.data, "revoked": reason, "revoked_at": self._clock.now().isoformat(), "upstream": None}
            try:
                self._table.put(item.pk, item.sk, data, expect_version=item.version)
                return
            except ConditionFailed:
                continue
        raise ConditionFailed(f"session {family_id} kept changing while being revoked")

    def revoke_all(self, sub: str, reason: str) -> int:
        """Revoke every live family of a user; returns how many were live."""
        revoked, cursor = 0, None
        while True:
            page = self._table.query(f"SESSIONS#{sub}", index="gsi1", limit=100, cursor=cursor)
            for item in page.items:
                if not item.data.get("revoked"):
                    self.revoke(item.pk.removeprefix("SESSION#"), reason)
                    revoked += 1
            if page.cursor is None:
                return revoked
            cursor = page.cursor
