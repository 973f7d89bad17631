"""Log-in, session refresh with rotation, log-out, and the caller's own identity.

Two ways to hold a session: API clients get the refresh token in the body (``"session": "token"``, the
default) and send it back in the body; the web app asks for ``"session": "cookie"`` and gets it as an
HttpOnly, Secure, SameSite=Strict cookie scoped to /api/auth, named after its session family so each tab
keeps its own, plus an anti-forgery token it must echo in the X-CSRF-Token header.
"""

from __future__ import annotations

from typing import Literal

from chalice import Blueprint, Response
from pydantic import BaseModel, Field

from mdap.api.deps import container
from mdap.api.http import client_address, json_body, json_response, mapped_errors, protected
from mdap.domain.identity import ROLES, Principal, Unauthenticated
from mdap.identity.sessions import Session

bp = Blueprint(__name__)
COOKIE_PREFIX = "mdap_rt_"
COOKIE_PATH = "/api/auth"


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)
    session: Literal["token", "cookie"] = "token"


class RefreshRequest(BaseModel):
    refresh_token: str | None = Field(default=None, min_length=20, max_length=128)


class LogoutRequest(RefreshRequest):
    everywhere: bool = False


@bp.route("/auth/login", methods=["POST"])
@mapped_errors
def login() -> Response:
    form = json_body(bp, LoginRequest)
    address = client_address(bp, container().settings.trusted_proxy_hops)
    session = container().sessions.log_in(form.email, form.password, address)
    if form.session == "cookie":
        return json_response(_session_json(session, cookie=True), headers=_set_cookie(session))
    return json_response(_session_json(session, cookie=False))


@bp.route("/auth/refresh", methods=["POST"])
@mapped_errors
def refresh() -> Response:
    form = json_body(bp, RefreshRequest)
    sessions = container().sessions
    if form.refresh_token:
        return json_response(_session_json(sessions.refresh(form.refresh_token), cookie=False))
    csrf, token = _cookie_session()
    session = sessions.refresh(token, csrf)
    return json_response(_session_json(session, cookie=True), headers=_set_cookie(session))


@bp.route("/auth/logout", methods=["POST"])
@mapped_errors
def logout() -> Response:
    form = json_body(bp, LogoutRequest)
    sessions = container().sessions
    cookie_headers: dict[str, str] = {}
    try:
        if form.refresh_token:
            ended = sessions.log_out(form.refresh_token, everywhere=form.everywhere)
        else:
            csrf, token = _cookie_session()
            cookie_headers = {"Set-Cookie": _cookie(csrf.partition(".")[0], "", 0)}
            ended = sessions.log_out(token, everywhere=form.everywhere)
    except Unauthenticated:
        ended = 0  # already ended or expired: logging out again is not an error
    return json_response({"ended": ended}, headers=cookie_headers)


@protected(bp, "/me", roles=ROLES)
def me(principal: Principal) -> Response:
    return json_response(principal.as_json())


def _cookie_session() -> tuple[str, str]:
    """The anti-forgery header and the refresh cookie of the family it names; both are required."""
    request = bp.current_request
    csrf = (request.headers.get("x-csrf-token") or "") if request else ""
    cookies = _cookies((request.headers.get("cookie") or "") if request else "")
    if not csrf and not cookies:
        raise Unauthenticated("no refresh token: send it in the body, or the session cookie with X-CSRF-Token")
    family = container().sessions.check_csrf(csrf)
    token = cookies.get(COOKIE_PREFIX + family.id)
    if not token:
        raise Unauthenticated("no refresh cookie for this session")
    return csrf, token


def _cookies(header: str) -> dict[str, str]:
    pairs = (part.strip().partition("=") for part in header.split(";"))
    return {name: value for name, _, value in pairs if name.startswith(COOKIE_PREFIX)}


def _cookie(family: str, value: str, max_age: int) -> str:
    return (f"{COOKIE_PREFIX}{family}={value}; Path={COOKIE_PATH}; Max-Age={max(0, max_age)}; "
            "HttpOnly; Secure; SameSite=Strict")


def _set_cookie(session: Session) -> dict[str, str]:
    max_age = session.session_expires_at - int(container().clock.now().timestamp())
    return {"Set-Cookie": _cookie(session.family, session.refresh_token, max_age), "Cache-Control": "no-store"}


def _session_json(session: Session, *, cookie: bool) -> dict[str, object]:
    body: dict[str, object] = {"id_token": session.id_token, "expires_at": session.expires_at,
                               "session_expires_at": session.session_expires_at,
                               "user": session.principal.as_json()}
    if cookie:
        body["csrf_token"] = session.csrf_token
    else:
        body["refresh_token"] = session.refresh_token
    return body
