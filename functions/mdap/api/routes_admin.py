"""Administration: the user directory (admin only) — invite, disable and enable, reset, roles, each user's trail —
and the evaluators staff may put on a panel."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.models import PrincipalOut, Role
from mdap.api.program_models import AuditList, PageQuery
from mdap.domain.identity import Principal
from mdap.identity.directory import Issued, UserAdmin
from mdap.identity.ledger import SessionLedger
from mdap.ports.identity import Account, UserDirectory
from mdap.program.audit import AuditLog

bp = Blueprint(__name__)
ADMIN = ["admin"]


class UserOut(PrincipalOut):
    """A user as administrators see it: the identity, its roles and whether it may log in."""

    enabled: bool = True

    @classmethod
    def of_account(cls, account: Account) -> UserOut:
        return cls.model_validate({**account.principal.as_json(), "enabled": account.enabled})


class UserList(BaseModel):
    users: list[UserOut]


SiteId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="a factory user's site")]


class UserInvite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254)
    name: str = Field(min_length=1, max_length=100)
    roles: list[Role] = Field(min_length=1, max_length=5)
    site: SiteId | None = None  # required with the factory role, refused without it


class RolesIn(BaseModel):
    """The user's roles and, for a factory user, its site (replaced together)."""

    model_config = ConfigDict(extra="forbid")

    roles: list[Role] = Field(min_length=1, max_length=5)
    site: SiteId | None = None


class IssuedOut(BaseModel):
    """The account and its one-time password: shown once, never stored in clear or mailed."""

    user: UserOut
    one_time_password: str

    @classmethod
    def of(cls, issued: Issued) -> IssuedOut:
        return cls(user=UserOut.of_account(issued.account), one_time_password=issued.password)


class EvaluatorList(BaseModel):
    items: list[PrincipalOut]


def _admin() -> UserAdmin:
    c = container()
    if not isinstance(c.identity, UserDirectory):  # both adapters are directories; a stub in a test may not be
        raise TypeError(f"{type(c.identity).__name__} does not administer users")
    ledger = SessionLedger(c.table, c.clock, timedelta(hours=c.settings.session_hours))
    return UserAdmin(c.identity, c.identity, ledger, c.notifier, AuditLog(c.table, c.clock))


@endpoint(bp, "/admin/users", roles=ADMIN, response=UserList, summary="List the platform's users", tag="admin")
def list_users(principal: Principal) -> UserList:
    return UserList(users=[UserOut.of_account(account) for account in _admin().accounts()])


@endpoint(bp, "/admin/users", method="POST", roles=ADMIN, body=UserInvite, response=IssuedOut, status=201,
          summary="Invite a user: created with its roles and a one-time password shown once", tag="admin",
          errors=(422,))
def invite_user(principal: Principal, body: UserInvite) -> IssuedOut:
    return IssuedOut.of(_admin().invite(principal, body.email, body.name, body.roles, body.site))


@endpoint(bp, "/admin/users/{email}/disable", method="POST", roles=ADMIN, response=UserOut,
          summary="Disable a user (log-in refused, sessions ended)", tag="admin", errors=(404, 422))
def disable_user(principal: Principal, email: str) -> UserOut:
    return UserOut.of_account(_admin().set_enabled(principal, email, False))


@endpoint(bp, "/admin/users/{email}/enable", method="POST", roles=ADMIN, response=UserOut,
          summary="Enable a disabled user again", tag="admin", errors=(404,))
def enable_user(principal: Principal, email: str) -> UserOut:
    return UserOut.of_account(_admin().set_enabled(principal, email, True))


@endpoint(bp, "/admin/users/{email}/password-reset", method="POST", roles=ADMIN, response=IssuedOut,
          summary="Reset a user's password to a one-time password shown once (sessions ended)", tag="admin",
          errors=(404,))
def reset_password(principal: Principal, email: str) -> IssuedOut:
    return IssuedOut.of(_admin().reset_password(principal, email))


@endpoint(bp, "/admin/users/{email}/roles", method="PUT", roles=ADMIN, body=RolesIn, response=UserOut,
          summary="Replace a user's roles (and a factory user's site)", tag="admin", errors=(404, 422))
def change_roles(principal: Principal, body: RolesIn, email: str) -> UserOut:
    return UserOut.of_account(_admin().set_roles(principal, email, body.roles, body.site))


@endpoint(bp, "/admin/users/{email}/audit", roles=ADMIN, query=PageQuery, response=AuditList,
          summary="The user's audit trail (invitations, roles, resets, disabling)", tag="admin")
def user_audit(principal: Principal, query: PageQuery, email: str) -> AuditList:
    items, cursor = _admin().trail(email, limit=query.limit, cursor=query.cursor)
    return AuditList(items=items, cursor=cursor)


@endpoint(bp, "/evaluators", roles=["staff", "admin"], response=EvaluatorList,
          summary="Enabled evaluators, for assigning a panel (R-SEL-1)", tag="admin")
def evaluators(principal: Principal) -> EvaluatorList:
    return EvaluatorList(items=[PrincipalOut.of(user) for user in _admin().evaluators()])
