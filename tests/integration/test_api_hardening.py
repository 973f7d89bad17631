"""The six findings of the identity and API hardening review, each reproduced as an attack on a live server.

1. refresh only through a rotating refresh token, reuse revokes, log-out;  2. bodies refused from their
Content-Length before they are read;  3. throttling per address and per account, atomic;  4. malformed input
gets 400/415/431 JSON, never 500;  5. owner-only data directory (tests/integration/test_private_files.py);
6. throughput (tests/bench/test_api_bench.py). Attacks that need a platform of their own (a still clock, no
trusted proxy) are in test_login_throttle_http.py: one process serves one platform at a time.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.live import LiveServer, live_platform

PER_ACCOUNT = 5
PER_ADDRESS = 20


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # The tests speak for many clients through X-Forwarded-For, believed from the trusted proxy 127.0.0.1.
    with live_platform(tmp_path_factory.mktemp("hardening"), login_attempts_per_15min=PER_ACCOUNT,
                       login_attempts_per_address_15min=PER_ADDRESS, trusted_proxy="127.0.0.1") as live:
        yield live


def _login(server: LiveServer, role: str, address: str, **extra: Any) -> requests.Response:
    email, password = server.logins[role]
    return requests.post(f"{server.url}/api/auth/login", json={"email": email, "password": password, **extra},
                         headers={"X-Forwarded-For": address}, timeout=10)


def _post(server: LiveServer, path: str, body: Any, **headers: str) -> requests.Response:
    return requests.post(f"{server.url}{path}", json=body, headers=headers, timeout=10)


def _raw(server: LiveServer, request: bytes, *, send_body: bytes = b"") -> tuple[int, dict[str, Any]]:
    """Send raw bytes, read one response (the server may close before taking the whole body)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        with contextlib.suppress(OSError):  # refused and closed while still sending: what a limit should do
            sock.sendall(send_body)
        data = b""
        while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 4 + _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body) if body else {}


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n")[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


# -- 1. sessions ---------------------------------------------------------------------------------------
def test_an_id_token_alone_cannot_be_refreshed(server: LiveServer) -> None:
    session = _login(server, "staff", "192.0.2.10").json()
    reply = _post(server, "/api/auth/refresh", {}, Authorization=f"Bearer {session['id_token']}")
    assert reply.status_code == 401


def test_refresh_rotates_and_a_replayed_token_ends_the_session(server: LiveServer) -> None:
    first = _login(server, "staff", "192.0.2.11").json()
    second = _post(server, "/api/auth/refresh", {"refresh_token": first["refresh_token"]}).json()
    third = _post(server, "/api/auth/refresh", {"refresh_token": second["refresh_token"]}).json()
    assert len({first["refresh_token"], second["refresh_token"], third["refresh_token"]}) == 3
    stolen = _post(server, "/api/auth/refresh", {"refresh_token": first["refresh_token"]})
    assert stolen.status_code == 401
    assert stolen.json()["code"] == "session_revoked"
    assert _post(server, "/api/auth/refresh", {"refresh_token": third["refresh_token"]}).status_code == 401


def test_log_out_revokes_the_refresh_token(server: LiveServer) -> None:
    session = _login(server, "evaluator", "192.0.2.12").json()
    assert _post(server, "/api/auth/logout", {"refresh_token": session["refresh_token"]}).json() == {"ended": 1}
    assert _post(server, "/api/auth/refresh", {"refresh_token": session["refresh_token"]}).status_code == 401
    again = _post(server, "/api/auth/logout", {"refresh_token": session["refresh_token"]})
    assert again.status_code == 200 and again.json() == {"ended": 0}


def test_cookie_sessions_need_the_anti_forgery_header(server: LiveServer) -> None:
    reply = _login(server, "admin", "192.0.2.13", session="cookie")
    body = reply.json()
    assert "refresh_token" not in body
    cookie = reply.headers["Set-Cookie"]
    assert all(part in cookie for part in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/auth"))
    name_value = cookie.split(";")[0]
    forged = _post(server, "/api/auth/refresh", {}, Cookie=name_value)  # a cross-site request carries no header
    assert forged.status_code == 403
    assert forged.json()["code"] == "csrf_rejected"
    wrong = _post(server, "/api/auth/refresh", {}, Cookie=name_value, **{"X-CSRF-Token": body["csrf_token"] + "x"})
    assert wrong.status_code == 403
    renewed = _post(server, "/api/auth/refresh", {}, Cookie=name_value, **{"X-CSRF-Token": body["csrf_token"]})
    assert renewed.status_code == 200
    assert renewed.headers["Set-Cookie"].split(";")[0] != name_value
    assert renewed.headers["Cache-Control"] == "no-store"


# -- 2. body limits ------------------------------------------------------------------------------------
LOGIN_HEAD = (b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n")


def test_a_57_mb_login_body_is_refused_before_it_is_read(server: LiveServer) -> None:
    def attack(_: int) -> tuple[int, dict[str, Any], float]:
        started = time.monotonic()
        # Only 64 KiB of the announced 57 MB are ever sent: an answer proves nothing waited for the rest.
        status, body = _raw(server, LOGIN_HEAD % 57_000_000, send_body=b"x" * 65536)
        return status, body, time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(attack, range(4)))
    for status, body, seconds in results:
        assert status == 413
        assert body["code"] == "too_large" and body["message"]
        assert seconds < 5


def test_auth_bodies_over_8_kib_and_api_bodies_over_1_mib_are_413(server: LiveServer) -> None:
    status, body = _raw(server, LOGIN_HEAD % 8193, send_body=b" " * 8193)
    assert (status, body["code"]) == (413, "too_large")
    big = b"POST /api/me HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    assert _raw(server, big % (1024 * 1024 + 1), send_body=b" " * 1024)[0] == 413
    assert _raw(server, LOGIN_HEAD % 100, send_body=b" " * 100)[0] == 400  # within the limit: read, then judged


def test_a_chunked_body_is_cut_off_at_the_limit(server: LiveServer) -> None:
    head = (b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"1000\r\n" + b" " * 4096 + b"\r\n"
    status, body = _raw(server, head, send_body=chunk * 4)
    assert (status, body["code"]) == (413, "too_large")


# -- 3. throttling ---------------------------------------------------------------------------------------
# -- 4. malformed input ---------------------------------------------------------------------------------
def test_invalid_utf8_in_a_field_is_400_naming_the_field(server: LiveServer) -> None:
    body = b'{"email": "\xff\xfe@demo.mdap.kr", "password": "x"}'
    status, reply = _raw(server, LOGIN_HEAD % len(body), send_body=body)
    assert status == 400
    assert reply["field"] == "email"
    assert "UTF-8" in reply["message"]


def test_an_escaped_lone_surrogate_is_400_not_a_storage_error(server: LiveServer) -> None:
    reply = requests.post(f"{server.url}/api/auth/login", data=b'{"email": "a\\ud800@x.kr", "password": "x"}',
                          headers={"Content-Type": "application/json"}, timeout=10)
    assert reply.status_code == 400
    assert reply.json()["field"] == "email"


@pytest.mark.parametrize("depth", [33, 1000, 4000])
def test_deeply_nested_json_is_400(server: LiveServer, depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    status, reply = _raw(server, LOGIN_HEAD % len(body), send_body=body)
    assert status == 400
    assert reply["code"] == "bad_request" and "32" in reply["message"]


def test_wrong_media_type_is_415_with_a_json_body(server: LiveServer) -> None:
    reply = requests.post(f"{server.url}/api/auth/login", data="email=a", headers={"Content-Type": "text/plain"},
                          timeout=10)
    assert reply.status_code == 415
    assert reply.json()["code"] == "unsupported_media_type"
    assert "JSON" in reply.json()["message"]


def test_oversized_headers_are_431_with_a_json_body(server: LiveServer) -> None:
    status, body = _raw(server, b"GET /api/me HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 40000 + b"\r\n\r\n")
    assert (status, body["code"]) == (431, "headers_too_large")
    assert body["message"]


def test_gateway_refusals_are_json(server: LiveServer) -> None:
    unknown = requests.get(f"{server.url}/api/no/such/route", timeout=10)
    assert (unknown.status_code, unknown.json()["code"]) == (403, "unknown_route")
    wrong_method = requests.delete(f"{server.url}/api/me", timeout=10)
    assert wrong_method.status_code in (401, 403, 405) and wrong_method.json()["code"]
    no_token = requests.get(f"{server.url}/api/me", timeout=10)
    assert (no_token.status_code, no_token.json()["code"]) == (401, "unauthenticated")
    garbage = _raw(server, b"NOT-HTTP\r\n\r\n")
    assert garbage[0] == 400 and garbage[1]["code"] == "bad_request"
