"""/api/openapi.json on a live server: the generated document, and answers that match what it says."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from jsonschema import Draft202012Validator

from mdap.api.app import app
from mdap.api.openapi import openapi_document
from tests.live import LiveServer


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document(app)


def _conforms(document: dict[str, Any], path: str, method: str, reply: requests.Response) -> None:
    """The reply's body matches the schema the document gives for its path, method and status."""
    described = document["paths"][path][method]["responses"][str(reply.status_code)]
    schema = {**described["content"]["application/json"]["schema"], "components": document["components"]}
    Draft202012Validator(schema).validate(reply.json())


def test_served_document_is_the_generated_one(server: LiveServer, document: dict[str, Any]) -> None:
    reply = requests.get(f"{server.url}/api/openapi.json", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "제조데이터 활성화 플랫폼 API".encode() in reply.content
    assert reply.json() == document


def test_answers_match_their_documented_schemas(server: LiveServer, document: dict[str, Any]) -> None:
    email, password = server.logins["admin"]
    login = requests.post(f"{server.url}/api/auth/login", json={"email": email, "password": password}, timeout=10)
    _conforms(document, "/auth/login", "post", login)
    cookie = requests.post(f"{server.url}/api/auth/login",
                           json={"email": email, "password": password, "session": "cookie"}, timeout=10)
    _conforms(document, "/auth/login", "post", cookie)
    bearer = {"Authorization": f"Bearer {login.json()['id_token']}"}
    for path in ("/me", "/admin/users"):
        _conforms(document, path, "get", requests.get(f"{server.url}/api{path}", headers=bearer, timeout=10))
    _conforms(document, "/health", "get", requests.get(f"{server.url}/api/health", timeout=10))
    refresh = requests.post(f"{server.url}/api/auth/refresh", json={"refresh_token": login.json()["refresh_token"]},
                            timeout=10)
    _conforms(document, "/auth/refresh", "post", refresh)
    logout = requests.post(f"{server.url}/api/auth/logout", json={"refresh_token": refresh.json()["refresh_token"]},
                           timeout=10)
    assert logout.json() == {"ended": 1}
    _conforms(document, "/auth/logout", "post", logout)


def test_refusals_match_the_refusal_schema(server: LiveServer, document: dict[str, Any]) -> None:
    bad_body = requests.post(f"{server.url}/api/auth/login", json={"email": "a@b.kr"}, timeout=10)
    assert bad_body.status_code == 400
    _conforms(document, "/auth/login", "post", bad_body)
    no_token = requests.get(f"{server.url}/api/me", timeout=10)
    assert no_token.status_code == 401
    _conforms(document, "/me", "get", no_token)
