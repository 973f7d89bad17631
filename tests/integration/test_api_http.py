"""The HTTP API through the local server: the same gateway rules API Gateway + Cognito apply in AWS."""

from __future__ import annotations

import concurrent.futures

import jwt
import pytest
import requests

from tests.live import LiveServer


def login(server: LiveServer, role: str) -> str:
    email, password = server.logins[role]
    reply = requests.post(f"{server.url}/api/auth/login", json={"email": email, "password": password}, timeout=10)
    assert reply.status_code == 200, reply.text
    token: str = reply.json()["id_token"]
    return token


def test_health_reports_profile_and_components(server: LiveServer) -> None:
    reply = requests.get(f"{server.url}/health", timeout=10)
    body = reply.json()
    assert body["profile"] == "local"
    assert body["components"]["table"]["state"] == "up"
    assert body["components"]["event_dispatch"]["state"] == "up"
    assert body["components"]["workflow_engine"] == {"state": "up", "detail": "running"}
    assert set(body["components"]) >= {"table", "blobstore", "event_dispatch", "frontend"}


@pytest.mark.parametrize("role", ["applicant", "evaluator", "staff", "admin"])
def test_each_demo_role_logs_in_and_sees_itself(server: LiveServer, role: str) -> None:
    token = login(server, role)
    me = requests.get(f"{server.url}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 200
    assert me.json()["roles"] == [role]


def test_wrong_password_and_unknown_user_get_the_same_401(server: LiveServer) -> None:
    email, _ = server.logins["staff"]
    bad_password = requests.post(f"{server.url}/api/auth/login",
                                 json={"email": email, "password": "not-the-password"}, timeout=10)
    unknown_user = requests.post(f"{server.url}/api/auth/login",
                                 json={"email": "ghost@demo.mdap.kr", "password": "not-the-password"}, timeout=10)
    assert bad_password.status_code == unknown_user.status_code == 401
    assert bad_password.json() == unknown_user.json()
    assert bad_password.json()["code"] == "invalid_credentials"


def test_malformed_login_body_gets_400_naming_the_field(server: LiveServer) -> None:
    reply = requests.post(f"{server.url}/api/auth/login", json={"email": "a@b.kr"}, timeout=10)
    assert reply.status_code == 400
    assert "password" in reply.json()["message"]
    not_json = requests.post(f"{server.url}/api/auth/login", data=b"{oops", timeout=10)
    assert not_json.status_code == 400


def test_user_without_the_role_gets_403(server: LiveServer) -> None:
    token = login(server, "staff")
    reply = requests.get(f"{server.url}/api/admin/users", headers={"Authorization": token}, timeout=10)
    assert reply.status_code == 403
    assert reply.json()["code"] == "forbidden"
    admin = requests.get(f"{server.url}/api/admin/users",
                         headers={"Authorization": login(server, "admin")}, timeout=10)
    assert admin.status_code == 200
    assert {u["email"] for u in admin.json()["users"]} >= {email for email, _ in server.logins.values()}


def test_missing_tampered_or_foreign_token_gets_401(server: LiveServer) -> None:
    token = login(server, "applicant")
    claims = jwt.decode(token, options={"verify_signature": False})
    escalated = jwt.encode({**claims, "cognito:groups": ["admin"]}, "guess" * 10, algorithm="HS256")
    for headers in ({}, {"Authorization": escalated}, {"Authorization": token[:-2] + "xx"}):
        reply = requests.get(f"{server.url}/api/me", headers=headers, timeout=10)
        assert reply.status_code == 401, headers


def test_login_is_rate_limited_per_account(server: LiveServer) -> None:
    email = "applicant@demo.mdap.kr"
    codes = [requests.post(f"{server.url}/api/auth/login", json={"email": email, "password": "wrong-wrong"},
                           timeout=10).status_code for _ in range(6)]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429


def test_server_answers_concurrent_requests(server: LiveServer) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda _: requests.get(f"{server.url}/health", timeout=10).status_code, range(32)))
    assert len(codes) == 32
    assert set(codes) <= {200, 503}


def test_spa_routes_fall_back_to_index_and_paths_cannot_escape(server: LiveServer) -> None:
    reply = requests.get(f"{server.url}/../../etc/passwd", timeout=10)
    assert "root:" not in reply.text
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_health_is_503_and_names_the_component_that_stopped(server: LiveServer) -> None:
    server.platform.workflow.stop_runner()
    try:
        reply = requests.get(f"{server.url}/health", timeout=10)
    finally:
        server.platform.workflow.start_runner()
    assert reply.status_code == 503
    body = reply.json()
    assert body["status"] == "degraded"
    assert body["components"]["workflow_engine"] == {"state": "down", "detail": "stopped"}
    assert body["components"]["table"]["state"] == "up"
    assert requests.get(f"{server.url}/health", timeout=10).status_code == 200


def test_expired_token_signed_with_the_real_key_gets_401(server: LiveServer) -> None:
    token = login(server, "evaluator")
    claims = jwt.decode(token, options={"verify_signature": False})
    key = (server.data_dir.resolve() / "secrets" / "jwt.key").read_bytes()
    expired = jwt.encode({**claims, "exp": claims["iat"] - 1}, key, algorithm="HS256")
    assert requests.get(f"{server.url}/api/me", headers={"Authorization": token}, timeout=10).status_code == 200
    assert requests.get(f"{server.url}/api/me", headers={"Authorization": expired}, timeout=10).status_code == 401


def test_odd_paths_get_clear_answers_not_server_errors(server: LiveServer) -> None:
    assert requests.get(f"{server.url}/%00", timeout=10).status_code == 400
    assert requests.get(f"{server.url}/%FF%FE", timeout=10).status_code == 400
    korean_route = requests.get(f"{server.url}/%EC%82%AC%EC%97%85", timeout=10)
    assert korean_route.status_code == 200
    assert "<html" in korean_route.text
    unknown_api = requests.get(f"{server.url}/api/%EC%82%AC%EC%97%85", timeout=10)
    assert unknown_api.status_code == 403  # API Gateway's answer for an unknown route


def test_head_reports_the_length_a_get_would_send(server: LiveServer) -> None:
    page = requests.get(f"{server.url}/", timeout=10)
    head = requests.head(f"{server.url}/", timeout=10)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["Content-Length"]) == len(page.content) > 0
