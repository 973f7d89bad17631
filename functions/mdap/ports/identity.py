"""Identity port: log-in and session refresh (Cognito | the built-in local issuer)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from mdap.domain.identity import Principal


@dataclass(frozen=True)
class Session:
    id_token: str
    expires_at: int  # epoch seconds
    principal: Principal
    refresh_token: str | None = None


class IdentityProvider(ABC):
    @abstractmethod
    def authenticate(self, email: str, password: str) -> Session:
        """Raise InvalidCredentials (no hint which part), TooManyAttempts or MfaRequired."""

    @abstractmethod
    def refresh(self, id_token: str, refresh_token: str | None = None) -> Session:
        """A new session for a still-valid one; raise Unauthenticated otherwise."""

    @abstractmethod
    def list_users(self) -> list[Principal]:
        """Every user with their roles (for administrators)."""
