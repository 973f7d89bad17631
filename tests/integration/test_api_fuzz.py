"""No input reaches a 5xx: generated requests (any method, media type, body and token) on every API route."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdap.api.app import app
from tests.live import LiveServer, live_platform

ROUTES = sorted(app.routes)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
BODIES = st.one_of(
    st.just(b""),
    st.binary(max_size=600),
    JSON_VALUES.map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries({"email": st.text(max_size=30), "password": st.text(max_size=30)},
                          optional={"session": st.text(max_size=8), "refresh_token": st.text(max_size=60),
                                    "everywhere": JSON_VALUES}).map(lambda value: json.dumps(value).encode()),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
)
MEDIA = st.sampled_from([None, "application/json", "application/json; charset=utf-8", "text/plain",
                         "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("fuzz"), login_attempts_per_address_15min=100_000) as live:
        yield live


@pytest.fixture(scope="module")
def tokens(server: LiveServer) -> dict[str, str]:
    email, password = server.logins["admin"]
    session = requests.post(f"{server.url}/api/auth/login", json={"email": email, "password": password},
                            timeout=10).json()
    return {"none": "", "valid": f"Bearer {session['id_token']}", "garbage": "Bearer x.y.z",
            "csrf": f"{session['refresh_token'][:10]}.nope"}


def _path(route: str, filler: str) -> str:
    return "/api" + "/".join(quote(filler, safe="") or "x" if part.startswith("{") else part
                             for part in route.split("/"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
       body=BODIES, media=MEDIA, auth=st.sampled_from(["none", "valid", "garbage"]),
       filler=st.text(max_size=12), csrf=st.booleans(), query=st.text(max_size=20))
def test_no_generated_request_gets_a_server_error(server: LiveServer, tokens: dict[str, str], route: str,
                                                   method: str, body: bytes, media: str | None, auth: str,
                                                   filler: str, csrf: bool, query: str) -> None:
    headers: dict[str, Any] = {}
    if media is not None:
        headers["Content-Type"] = media
    if tokens[auth]:
        headers["Authorization"] = tokens[auth]
    if csrf:
        headers["X-CSRF-Token"] = tokens["csrf"]
        headers["Cookie"] = "mdap_rt_x=y"
    reply = requests.request(method, server.url + _path(route, filler), data=body, headers=headers,
                             params={"q": query} if query else None, timeout=30)
    assert reply.status_code < 500, (method, route, body[:200], reply.text[:300])
    if reply.status_code >= 400 and method != "HEAD":
        refusal = reply.json()
        assert refusal["code"] and refusal["message"], reply.text
