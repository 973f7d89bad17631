"""Log-in, session refresh and the caller's own identity."""

from __future__ import annotations

from chalice import Blueprint, Response
from pydantic import BaseModel, Field

from mdap.api.deps import container
from mdap.api.http import json_body, json_response, mapped_errors, protected
from mdap.domain.identity import ROLES, Principal, Unauthenticated
from mdap.ports.identity import Session

bp = Blueprint(__name__)


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class RefreshRequest(BaseModel):
    refresh_token: str | None = None


def _session_json(session: Session) -> dict[str, object]:
    body: dict[str, object] = {"id_token": session.id_token, "expires_at": session.expires_at,
                               "user": session.principal.as_json()}
    if session.refresh_token:
        body["refresh_token"] = session.refresh_token
    return body


@bp.route("/auth/login", methods=["POST"])
@mapped_errors
def login() -> Response:
    form = json_body(bp, LoginRequest)
    return json_response(_session_json(container().identity.authenticate(form.email, form.password)))


@bp.route("/auth/refresh", methods=["POST"])
@mapped_errors
def refresh() -> Response:
    request = bp.current_request
    token = (request.headers.get("authorization") or "") if request else ""
    if not token:
        raise Unauthenticated("no token to refresh")
    form = json_body(bp, RefreshRequest)
    return json_response(_session_json(container().identity.refresh(token, form.refresh_token)))


@protected(bp, "/me", roles=ROLES)
def me(principal: Principal) -> Response:
    return json_response(principal.as_json())
