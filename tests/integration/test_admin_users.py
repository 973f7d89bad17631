"""User administration through the HTTP API: invite with a one-time password, roles, disable (sessions end),
reset, the audit trail under the user, and the evaluators staff may put on a panel."""

from __future__ import annotations

from urllib.parse import quote

import requests

from tests.e2e.program_api import Person
from tests.live import LiveServer

EMAIL = "invited.person@example.kr"


def _cookie_session(server: LiveServer, email: str, password: str) -> tuple[requests.Session, str]:
    browser = requests.Session()
    reply = browser.post(f"{server.url}/api/auth/login",
                         json={"email": email, "password": password, "session": "cookie"}, timeout=10)
    assert reply.status_code == 200, reply.text
    return browser, reply.json()["csrf_token"]


def test_an_invited_user_logs_in_once_disabled_is_refused_and_its_session_ends(server: LiveServer) -> None:
    admin = Person(server.url, *server.logins["admin"]).log_in()
    issued = admin.call("POST", "/admin/users", {"email": EMAIL, "name": "초대 사용자", "roles": ["evaluator"]},
                        expect=201)
    assert issued["user"] == {**issued["user"], "email": EMAIL, "roles": ["evaluator"], "enabled": True}
    password = issued["one_time_password"]
    assert len(password) >= 12
    browser, csrf = _cookie_session(server, EMAIL, password)
    path = quote(EMAIL)
    assert admin.call("PUT", f"/admin/users/{path}/roles", {"roles": ["evaluator", "staff"]})["roles"] == [
        "evaluator", "staff"]
    assert admin.call("POST", f"/admin/users/{path}/disable")["enabled"] is False
    refused = requests.post(f"{server.url}/api/auth/login", json={"email": EMAIL, "password": password}, timeout=10)
    assert refused.status_code == 401
    renewal = browser.post(f"{server.url}/api/auth/refresh", headers={"X-CSRF-Token": csrf}, timeout=10)
    assert renewal.status_code == 401  # the session it had was ended with the account
    assert admin.call("POST", f"/admin/users/{path}/enable")["enabled"] is True
    reset = admin.call("POST", f"/admin/users/{path}/password-reset")
    assert reset["one_time_password"] != password
    Person(server.url, EMAIL, reset["one_time_password"]).log_in()
    trail = admin.call("GET", f"/admin/users/{path}/audit")["items"]
    assert [entry["action"] for entry in trail] == ["user.invited", "user.roles_changed", "user.disabled",
                                                    "user.enabled", "user.password_reset"]
    assert all(password not in str(entry) and reset["one_time_password"] not in str(entry) for entry in trail)
    mailed = admin.call("GET", "/notifications?limit=100")["items"]
    told = [notice for notice in mailed if notice["to"] == [EMAIL]]
    assert {notice["kind"] for notice in told} == {"user.invited", "user.password_reset"}
    assert all(password not in notice["body"] for notice in told)  # the password is handed over, never mailed


def test_admins_cannot_lock_themselves_out_and_duplicates_name_the_field(server: LiveServer) -> None:
    admin = Person(server.url, *server.logins["admin"]).log_in()
    me = quote(server.logins["admin"][0])
    assert admin.call("POST", f"/admin/users/{me}/disable", expect=422)["field"] == "email"
    assert admin.call("PUT", f"/admin/users/{me}/roles", {"roles": ["staff"]}, expect=422)["field"] == "email"
    taken = admin.call("POST", "/admin/users", {"email": server.logins["staff"][0], "name": "중복", "roles": ["staff"]},
                       expect=422)
    assert (taken["code"], taken["field"]) == ("rule_violation", "email")
    assert admin.call("POST", f"/admin/users/{quote('ghost@example.kr')}/disable", expect=404)["code"] == "not_found"


def test_staff_list_evaluators_but_cannot_administer_users(server: LiveServer) -> None:
    staff = Person(server.url, *server.logins["staff"]).log_in()
    listed = staff.call("GET", "/evaluators")["items"]
    assert server.logins["evaluator"][0] in {user["email"] for user in listed}
    assert all("evaluator" in user["roles"] for user in listed)
    refused = staff.call("POST", "/admin/users", {"email": "x@example.kr", "name": "x", "roles": ["admin"]},
                         expect=403)
    assert refused["code"] == "forbidden"
