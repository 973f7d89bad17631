"""Administration: the user directory (admin only)."""

from __future__ import annotations

from chalice import Blueprint
from pydantic import BaseModel

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.models import PrincipalOut
from mdap.domain.identity import Principal

bp = Blueprint(__name__)


class UserList(BaseModel):
    users: list[PrincipalOut]


@endpoint(bp, "/admin/users", roles=["admin"], response=UserList, summary="List the platform's users", tag="admin")
def list_users(principal: Principal) -> UserList:
    return UserList(users=[PrincipalOut.of(user) for user in container().identity.list_users()])
