"""Who is asking: roles, principals, and the refusals of the identity layer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("applicant", "evaluator", "staff", "admin", "factory")
# The program's people; a factory user (scoped to one site) sees the data side only.
PROGRAM_ROLES = ("applicant", "evaluator", "staff", "admin")
SITE_CLAIM = "custom:site"  # Cognito's custom attribute ``site``; the local issuer writes the same claim
# A site id as the edge collectors name it (mdap_edge config: lower-case, digits and hyphens, up to 63).
_SITE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class AccessError(Exception):
    """Base of the identity layer's refusals; the API maps each kind to one HTTP status."""

    code = "access_error"


class InvalidCredentials(AccessError):
    code = "invalid_credentials"


class Unauthenticated(AccessError):
    code = "unauthenticated"


class Forbidden(AccessError):
    code = "forbidden"


class TooManyAttempts(AccessError):
    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many log-in attempts; retry after {retry_after} s")
        self.retry_after = retry_after


class MfaRequired(AccessError):
    code = "mfa_required"


class SessionReused(Unauthenticated):
    """A refresh token was presented again after it had been exchanged: its whole family is revoked."""

    code = "session_revoked"


class CsrfRejected(AccessError):
    """A cookie-borne session request without the matching anti-forgery token."""

    code = "csrf_rejected"


@dataclass(frozen=True)
class Principal:
    sub: str
    email: str
    name: str
    roles: frozenset[str]
    site: str | None = None  # the one site a factory user may see; None for everybody else

    def has_any(self, roles: Iterable[str]) -> bool:
        return bool(self.roles.intersection(roles))

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"sub": self.sub, "email": self.email, "name": self.name, "roles": sorted(self.roles)}
        if self.site:
            found["site"] = self.site
        return found


def is_site_id(value: object) -> bool:
    return isinstance(value, str) and bool(_SITE.match(value))


def parse_groups(value: Any) -> frozenset[str]:
    """``cognito:groups`` arrives as a list (JWT) or a flattened string (API Gateway REST claims)."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        items = value.strip("[]").replace(",", " ").split()
    else:
        items = [str(v) for v in value]
    return frozenset(item for item in items if item in ROLES)


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    sub = claims.get("sub")
    if not sub:
        raise Unauthenticated("token has no subject")
    # Our user pools sign users in by e-mail, so the username is the e-mail when the claim is absent.
    email = str(claims.get("email") or claims.get("cognito:username") or "")
    return Principal(
        sub=str(sub),
        email=email,
        name=str(claims.get("name") or email),
        roles=parse_groups(claims.get("cognito:groups")),
        site=_site(claims.get(SITE_CLAIM)),
    )


def _site(value: Any) -> str | None:
    """A well-formed site id, or None: a malformed claim grants no site rather than failing the request."""
    return value if is_site_id(value) else None


def require_any_role(principal: Principal, roles: Iterable[str]) -> None:
    if not principal.has_any(roles):
        raise Forbidden("this action needs one of the roles: " + ", ".join(sorted(roles)))
