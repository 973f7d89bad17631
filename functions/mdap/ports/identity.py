"""Identity port: who a user is and an ID token for them (Cognito | the built-in local issuer).

Sessions (refresh tokens, rotation, log-out) are kept by ``mdap.identity.sessions`` over the Table port for
both adapters, so the two profiles share one implementation of the rules; a provider only checks passwords,
issues ID tokens, and forgets a user's sessions on its side when asked.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from mdap.domain.identity import ROLES, Principal, is_site_id
from mdap.ports.errors import ConditionFailed, InvalidRequest


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


MIN_PASSWORD_CHARS = 12


@dataclass(frozen=True)
class Account:
    """A user as administrators see it: who, with which roles, and whether they may log in."""

    principal: Principal
    enabled: bool


class InvalidUser(InvalidRequest, ValueError):
    """An e-mail, name, role set or password the directory does not take; the message says which."""


class UserExists(ConditionFailed, ValueError):
    """A user with this e-mail exists already."""


class UserDirectory(ABC):
    """The users a provider keeps, for administrators (Cognito's Admin* calls | the local user records).

    E-mail addresses are the usernames, compared case-insensitively. A disabled user is refused at log-in
    (InvalidCredentials, no hint why) and its renewals fail; its data and roles stay.
    """

    @abstractmethod
    def create_user(self, email: str, name: str, roles: Iterable[str], password: str, site: str | None = None
                    ) -> Principal:
        """A new, enabled user who logs in with ``password``; InvalidUser or UserExists. ``site``: the one site a
        factory user sees (required with the factory role, refused without it); its tokens carry it."""

    @abstractmethod
    def accounts(self) -> list[Account]:
        """Every user with its roles and whether it is enabled."""

    @abstractmethod
    def set_enabled(self, email: str, enabled: bool) -> Account:
        """Enable or disable the user; NotFound when there is none."""

    @abstractmethod
    def set_password(self, email: str, password: str) -> None:
        """Replace the user's password (an administrator's reset); NotFound, InvalidUser."""

    @abstractmethod
    def set_roles(self, email: str, roles: Iterable[str], site: str | None = None) -> Account:
        """Replace the user's roles and site (as for create_user: a site goes with the factory role only);
        NotFound, InvalidUser."""


def checked_user(email: str, name: str, roles: Iterable[str], password: str, site: str | None = None
                 ) -> tuple[str, frozenset[str]]:
    """The normalised e-mail and role set of a new user, or InvalidUser saying what is wrong."""
    checked = checked_roles(roles, site)
    normalised = email.strip().lower()
    local, _, domain = normalised.partition("@")
    if not local or "." not in domain or len(normalised) > 254 or any(c.isspace() for c in normalised):
        raise InvalidUser(f"not an e-mail address: {email!r}")
    if not name.strip():
        raise InvalidUser("a user needs a name")
    checked_password(password)
    return normalised, checked


def checked_roles(roles: Iterable[str], site: str | None = None) -> frozenset[str]:
    wanted = frozenset(roles)
    unknown = wanted.difference(ROLES)
    if unknown or not wanted:
        raise InvalidUser(f"roles must be a non-empty subset of {ROLES}; got {sorted(wanted)}")
    checked_site(wanted, site)
    return wanted


def checked_site(roles: frozenset[str], site: str | None) -> None:
    """A factory user needs the one site it may see; nobody else has one (staff see every site)."""
    if "factory" in roles and not is_site_id(site):
        raise InvalidUser(f"a factory user needs a site id (lower-case letters, digits, hyphens); got {site!r}")
    if "factory" not in roles and site is not None:
        raise InvalidUser("only factory users are given a site")


def checked_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidUser(f"passwords need at least {MIN_PASSWORD_CHARS} characters")
