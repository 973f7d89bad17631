"""Identity port: who a user is and an ID token for them (Cognito | the built-in local issuer).

Sessions (refresh tokens, rotation, log-out) are kept by ``mdap.identity.sessions`` over the Table port for
both adapters, so the two profiles share one implementation of the rules; a provider only checks passwords,
issues ID tokens, and forgets a user's sessions on its side when asked.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from mdap.domain.identity import Principal


@dataclass(frozen=True)
class Grant:
    """What a provider hands out: an ID token, and its own renewal credential where it has one."""

    id_token: str
    expires_at: int  # epoch seconds
    principal: Principal
    # Cognito's refresh token, kept server-side in the session family; None for the local issuer.
    upstream_refresh: str | None = None


class IdentityProvider(ABC):
    @abstractmethod
    def authenticate(self, email: str, password: str) -> Grant:
        """Raise InvalidCredentials (no hint which part) or MfaRequired."""

    @abstractmethod
    def reissue(self, principal: Principal, upstream_refresh: str | None) -> Grant:
        """A fresh ID token for a user whose session family is still valid; Unauthenticated otherwise."""

    @abstractmethod
    def sign_out_everywhere(self, principal: Principal) -> None:
        """Invalidate every renewal credential the provider itself issued to this user."""

    @abstractmethod
    def list_users(self) -> list[Principal]:
        """Every user with their roles (for administrators)."""
