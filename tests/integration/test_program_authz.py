"""Authorisation on every route, with every role, and on another organisation's objects.

Every declared endpoint is tried with each role's valid token (and none): a role the route does not admit gets
403, no token 401; a company that is not a member of an application, and an evaluator not assigned to it, get
no answer from any of the application's routes (403/404/409/422, never 2xx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mdap.api.app import app
from mdap.api.endpoints import Endpoint, declared_endpoint
from tests.live import LiveServer, live_platform

ROLES = ("applicant", "evaluator", "staff", "admin", "factory")
BODIES: dict[str, Any] = {
    "CallCreate": {"title_ko": "공고", "opens_at": "2030-01-01T00:00:00+00:00",
                   "closes_at": "2030-01-10T00:00:00+00:00"},
    "RubricEdit": {"rubric": {"categories": []}, "note": "n"}, "PolicyEdit": {"policy": {}},
    "PanelIn": {"evaluators": ["evaluator@demo.mdap.kr"], "chair": "evaluator@demo.mdap.kr"},
    "OrganisationIn": {"brn": "220-81-62517", "name": "외부기업"},
    "ApplicationCreate": {"call_id": "call-x", "kind": "single", "adopter_name": "외부", "adopter_brn": "220-81-62517"},
    "MemberInvite": {"role": "supplier", "name": "공급", "brn": "220-81-62517", "email": "x@y.kr"},
    "SectionIn": {"section": {"title": "침입"}, "completed": True},
    "ConsentIn": {"consents": {"personal_info": True}, "text_version": "v"}, "AnswerIn": {"message": "m"},
    "UploadIn": {"kind": "quote", "filename": "q.pdf", "content_type": "application/pdf", "size": 10},
    "ReviewDecisionIn": {"key": "R-ELG-1", "status": "passed", "reason": "r"},
    "DeclarationIn": {"conflict": False}, "SheetIn": {"items": {}},
    "DecisionIn": {"outcome": "eligible"}, "PlanChangeIn": {"summary": "s"}, "InterimCheckIn": {"findings": "f"},
    "ReportIn": {"document": "doc-x"}, "PaymentRequestIn": {"documents": ["doc-x"]},
    "ClawbackIn": {"trigger": "abandoned", "reason": "r"},
    "LoginRequest": {"email": "nobody@x.kr", "password": "wrong-password"}, "RefreshRequest": {},
    "LogoutRequest": {},
    "UserInvite": {"email": "new@x.kr", "name": "새 사용자", "roles": ["factory"], "site": "demo"},
    "RolesIn": {"roles": ["factory"], "site": "demo"},
    "DataUploadIn": {"dataset": "production_orders", "site": "demo", "filename": "p.csv", "size": 10},
    "CorrectionIn": {"cells": {"판정": "합격"}},
}
# the platform's own routes (other tests declare throwaway apps' endpoints in the same registry)
DECLARED = [found for methods in app.routes.values() for entry in methods.values()
            if (found := declared_endpoint(entry.view_function)) is not None]
PROTECTED = [e for e in DECLARED if e.roles is not None]


def _body(endpoint: Endpoint) -> Any:
    return BODIES[endpoint.body.__name__] if endpoint.body is not None else None


def _path(endpoint: Endpoint, ids: dict[str, str]) -> str:
    path = endpoint.path
    for name in endpoint.path_parameters:
        path = path.replace("{" + name + "}", ids.get(name, "none-such"))
    return "/api" + path


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("authz"), login_attempts_per_address_15min=10_000) as server:
        yield server


@pytest.fixture(scope="module")
def tokens(live: LiveServer) -> dict[str, str]:
    identity: Any = live.platform.container.identity
    identity.create_user("outsider@other.kr", "외부 신청자", ["applicant"], "outsider-password-1")
    logins = {**{role: live.logins[role] for role in ROLES}, "outsider": ("outsider@other.kr", "outsider-password-1")}
    out = {}
    for who, (email, password) in logins.items():
        reply = requests.post(f"{live.url}/api/auth/login", json={"email": email, "password": password}, timeout=30)
        out[who] = f"Bearer {reply.json()['id_token']}"
    return out


@pytest.fixture(scope="module")
def ids(live: LiveServer, tokens: dict[str, str]) -> dict[str, str]:
    """The demo applicant's application (a submitted one with documents) and its call."""
    mine = requests.get(f"{live.url}/api/applications", headers={"Authorization": tokens["applicant"]},
                        timeout=30).json()["items"]
    app_id = mine[0]["id"]
    docs = requests.get(f"{live.url}/api/applications/{app_id}/documents",
                        headers={"Authorization": tokens["applicant"]}, timeout=30).json()["items"]
    return {"application_id": app_id, "call_id": mine[0]["call_id"], "document_id": docs[0]["id"],
            "role": "adopter", "chart": "oee"}


def _send(live: LiveServer, endpoint: Endpoint, ids: dict[str, str], token: str | None) -> requests.Response:
    headers = {"Authorization": token} if token else {}
    return requests.request(endpoint.method, live.url + _path(endpoint, ids), json=_body(endpoint),
                            headers=headers, timeout=30)


def test_every_route_is_declared_and_tried() -> None:
    declared = {(e.path, e.method) for e in DECLARED}
    routed = {(path, method) for path, methods in app.routes.items() for method in methods}
    assert routed - declared == {("/openapi.json", "GET")}  # the document itself is the one undeclared route
    assert len(PROTECTED) >= 45


@pytest.mark.parametrize("endpoint", PROTECTED, ids=lambda e: f"{e.method} {e.path}")
def test_roles_the_route_does_not_admit_get_403_and_no_token_401(live: LiveServer, tokens: dict[str, str],
                                                                  ids: dict[str, str], endpoint: Endpoint) -> None:
    assert _send(live, endpoint, ids, None).status_code == 401
    for role in ROLES:
        reply = _send(live, endpoint, ids, tokens[role])
        assert reply.status_code < 500, (role, reply.text)
        if role not in (endpoint.roles or ()):
            assert (reply.status_code, reply.json()["code"]) == (403, "forbidden"), role


OBJECT_ROUTES = [e for e in PROTECTED if "application_id" in e.path_parameters]


@pytest.mark.parametrize("endpoint", OBJECT_ROUTES, ids=lambda e: f"{e.method} {e.path}")
def test_another_company_and_an_unassigned_evaluator_cannot_touch_an_application(
        live: LiveServer, tokens: dict[str, str], ids: dict[str, str], endpoint: Endpoint) -> None:
    for who in ("outsider", "evaluator"):
        if who == "outsider" and "applicant" not in (endpoint.roles or ()):
            continue
        if who == "evaluator" and "evaluator" not in (endpoint.roles or ()):
            continue
        reply = _send(live, endpoint, ids, tokens[who])
        assert reply.status_code in (403, 404, 409, 422), (who, reply.status_code, reply.text)


def test_the_member_itself_can_read_what_the_outsider_cannot(live: LiveServer, tokens: dict[str, str],
                                                              ids: dict[str, str]) -> None:
    path = f"{live.url}/api/applications/{ids['application_id']}"
    assert requests.get(path, headers={"Authorization": tokens["applicant"]}, timeout=30).status_code == 200
    assert requests.get(path, headers={"Authorization": tokens["outsider"]}, timeout=30).status_code == 404
    listed = requests.get(f"{live.url}/api/applications", headers={"Authorization": tokens["outsider"]},
                          timeout=30).json()["items"]
    assert listed == []
    download = requests.get(f"{path}/documents/{ids['document_id']}/download",
                            headers={"Authorization": tokens["outsider"]}, timeout=30)
    assert download.status_code == 404


SITE_ROUTES = [e for e in PROTECTED if e.query is not None and "site" in e.query.model_fields]


def test_every_monitoring_route_takes_a_site() -> None:
    assert {e.path for e in SITE_ROUTES} >= {"/monitoring/status", "/monitoring/alarms", "/monitoring/runs"}


@pytest.mark.parametrize("endpoint", SITE_ROUTES, ids=lambda e: f"{e.method} {e.path}")
def test_a_factory_user_asking_for_another_site_gets_404_and_staff_get_it(live: LiveServer, tokens: dict[str, str],
                                                                           ids: dict[str, str],
                                                                           endpoint: Endpoint) -> None:
    path = _path(endpoint, ids) + "?site=another-site"
    mine = requests.get(live.url + _path(endpoint, ids), headers={"Authorization": tokens["factory"]}, timeout=30)
    assert mine.status_code == 200, mine.text
    other = requests.get(live.url + path, headers={"Authorization": tokens["factory"]}, timeout=30)
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
    assert requests.get(live.url + path, headers={"Authorization": tokens["staff"]}, timeout=30).status_code == 200
