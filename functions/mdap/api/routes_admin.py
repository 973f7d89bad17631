"""Administration: the user directory (admin only)."""

from __future__ import annotations

from chalice import Blueprint, Response

from mdap.api.deps import container
from mdap.api.http import json_response, protected
from mdap.domain.identity import Principal

bp = Blueprint(__name__)


@protected(bp, "/admin/users", roles=["admin"])
def list_users(principal: Principal) -> Response:
    users = container().identity.list_users()
    return json_response({"users": [user.as_json() for user in users]})
