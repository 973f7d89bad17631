"""Log-in, session refresh with rotation, log-out, and the caller's own identity.

Two ways to hold a session: API clients get the refresh token in the body (``"session": "token"``, the
default) and send it back in the body; the web app asks for ``"session": "cookie"`` and gets it as an
HttpOnly, Secure, SameSite=Strict cookie scoped to /api/auth, named after its session family so each tab
keeps its own, plus an anti-forgery token it must echo in the X-CSRF-Token header.
"""

from __future__ import annotations

from typing import Literal

from chalice import Blueprint
from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from mdap.api.deps import container
from mdap.api.endpoints import Reply, endpoint
from mdap.api.http import client_address
from mdap.api.models import PrincipalOut, omitted_when_none
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


class SessionOut(BaseModel):
    """An open session: the ID token to send as Bearer, and either the refresh token (``"session": "token"``)
    or, with the refresh token in an HttpOnly cookie, the anti-forgery token (``"session": "cookie"``)."""

    id_token: str
    expires_at: int
    session_expires_at: int
    user: PrincipalOut
    refresh_token: str | SkipJsonSchema[None] = omitted_when_none()
    csrf_token: str | SkipJsonSchema[None] = omitted_when_none()


class LogoutResult(BaseModel):
    ended: int  # sessions ended: 0 when it had already ended


@endpoint(bp, "/auth/login", method="POST", body=LoginRequest, response=SessionOut, summary="Log in", tag="auth",
          errors=(401, 429))
def login(body: LoginRequest) -> SessionOut | Reply:
    address = client_address(bp, container().settings.trusted_proxy_hops)
    session = container().sessions.log_in(body.email, body.password, address)
    if body.session == "cookie":
        return Reply(_session_out(session, cookie=True), headers=_set_cookie(session))
    return _session_out(session, cookie=False)


@endpoint(bp, "/auth/refresh", method="POST", body=RefreshRequest, response=SessionOut,
          summary="Renew the ID token, rotating the refresh token", tag="auth", errors=(401, 403))
def refresh(body: RefreshRequest) -> SessionOut | Reply:
    sessions = container().sessions
    if body.refresh_token:
        return _session_out(sessions.refresh(body.refresh_token), cookie=False)
    csrf, token = _cookie_session()
    session = sessions.refresh(token, csrf)
    return Reply(_session_out(session, cookie=True), headers=_set_cookie(session))


@endpoint(bp, "/auth/logout", method="POST", body=LogoutRequest, response=LogoutResult,
          summary="Log out this session, or all of the user's sessions", tag="auth", errors=(403,))
def logout(body: LogoutRequest) -> Reply:
    sessions = container().sessions
    cookie_headers: dict[str, str] = {}
    try:
        if body.refresh_token:
            ended = sessions.log_out(body.refresh_token, everywhere=body.everywhere)
        else:
            csrf, token = _cookie_session()
            cookie_headers = {"Set-Cookie": _cookie(csrf.partition(".")[0], "", 0)}
            ended = sessions.log_out(token, everywhere=body.everywhere)
    except Unauthenticated:
        ended = 0  # already ended or expired: logging out again is not an error
    return Reply(LogoutResult(ended=ended), headers=cookie_headers)


@endpoint(bp, "/me", roles=ROLES, response=PrincipalOut, summary="The caller's own identity", tag="auth")
def me(principal: Principal) -> PrincipalOut:
    return PrincipalOut.of(principal)


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


def _session_out(session: Session, *, cookie: bool) -> SessionOut:
    return SessionOut(id_token=session.id_token, expires_at=session.expires_at,
                      session_expires_at=session.session_expires_at, user=PrincipalOut.of(session.principal),
                      csrf_token=session.csrf_token if cookie else None,
                      refresh_token=None if cookie else session.refresh_token)
