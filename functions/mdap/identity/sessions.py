"""Sessions for both profiles: log-in (throttled), refresh with rotation, log-out of one or every session.

The provider (Cognito or the local issuer) checks passwords and issues ID tokens; the ledger keeps the
refresh-token families. An ID token is renewed only through a live, unspent refresh token.
"""

from __future__ import annotations

from dataclasses import dataclass

from mdap.domain.identity import CsrfRejected, Principal, Unauthenticated
from mdap.identity.ledger import Family, SessionLedger
from mdap.identity.throttle import LoginThrottle
from mdap.ports.identity import Grant, IdentityProvider


@dataclass(frozen=True)
class Session:
    id_token: str
    expires_at: int  # epoch seconds of the ID token
    principal: Principal
    refresh_token: str
    family: str
    csrf_token: str
    session_expires_at: int  # the family's absolute end: no refresh after it


class Sessions:
    def __init__(self, provider: IdentityProvider, ledger: SessionLedger, throttle: LoginThrottle) -> None:
        self._provider = provider
        self._ledger = ledger
        self._throttle = throttle

    @property
    def provider(self) -> IdentityProvider:
        return self._provider

    def log_in(self, email: str, password: str, address: str) -> Session:
        email = email.strip().lower()
        ticket = self._throttle.admit(email, address)
        grant = self._provider.authenticate(email, password)  # a refusal leaves the attempt counted
        self._throttle.succeeded(ticket)
        opened = self._ledger.open(grant.principal, grant.upstream_refresh)
        family = self._ledger.family(opened.family)
        return _session(grant, opened.refresh_token, family, opened.csrf_token)

    def refresh(self, refresh_token: str, csrf_token: str = "") -> Session:
        """Rotate the token and renew the ID token; a browser's cookie must match its anti-forgery token."""
        if csrf_token and self._ledger.check_csrf(csrf_token).id != self._ledger.family_of(refresh_token).id:
            raise CsrfRejected("the refresh cookie and the anti-forgery token belong to different sessions")
        family, fresh = self._ledger.rotate(refresh_token)
        try:
            grant = self._provider.reissue(Principal(family.sub, family.email, family.email, frozenset()),
                                           family.upstream)
        except Unauthenticated:
            self._ledger.revoke(family.id, "provider refused")
            raise
        return _session(grant, fresh, family, csrf_token)

    def log_out(self, refresh_token: str, *, everywhere: bool = False) -> int:
        """End the token's session (or all of its user's); returns how many sessions were ended."""
        family = self._ledger.family_of(refresh_token)
        if not everywhere:
            self._ledger.revoke(family.id, "logout")
            return 1
        ended = self._ledger.revoke_all(family.sub, "logout everywhere")
        self._provider.sign_out_everywhere(Principal(family.sub, family.email, family.email, frozenset()))
        return ended

    def check_csrf(self, csrf_token: str) -> Family:
        return self._ledger.check_csrf(csrf_token)


def _session(grant: Grant, refresh_token: str, family: Family, csrf_token: str) -> Session:
    return Session(grant.id_token, grant.expires_at, grant.principal, refresh_token, family.id, csrf_token,
                   family.expires_at)
