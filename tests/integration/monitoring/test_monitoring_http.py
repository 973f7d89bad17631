"""The monitoring API on the real local server: roles, a factory user kept to its site, 304 while nothing changed,
an alarm raised by the scheduled evaluation and acknowledged (recorded), factory users administered with a site."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest
import requests

from mdap_edge.status import write_status
from tests.e2e.program_api import Person, wait_for
from tests.live import LiveServer, live_platform

PASSWORD = "Hanbit-Factory-1"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("monitoring-http"), monitoring_stale_seconds=3,
                       monitoring_offline_seconds=60, monitoring_evaluate_seconds=1) as server:
        identity: Any = server.platform.container.identity
        identity.create_user("park@hanbit.kr", "박공장", ["factory"], PASSWORD, "hanbit")
        yield server


def report(live: LiveServer, site: str, device: str, value: float = 1.0) -> None:
    now = datetime.now(UTC).isoformat()
    write_status(live.platform.container.table, site, device, {
        "state": "running", "heartbeat_at": now, "started_at": now, "spool": {"bytes": 10, "max_bytes": 1000},
        "sources": [{"name": "sim", "kind": "simulator", "state": "connected", "rate_per_s": 1.0, "readings": 1,
                     "errors": 0, "last_error": None, "last_reading_at": now}],
        "tags": [{"asset": "a", "tag": "t", "ts": now, "value": value, "text": None, "quality": "good",
                  "since": now}]})


def person(live: LiveServer, who: str) -> Person:
    if who == "park":
        return Person(live.url, "park@hanbit.kr", PASSWORD).log_in()
    return Person(live.url, *live.logins[who]).log_in()


def test_only_staff_admin_and_factory_users_see_monitoring(live: LiveServer) -> None:
    assert requests.get(f"{live.url}/api/monitoring/status", timeout=10).status_code == 401
    for role in ("applicant", "evaluator"):
        assert person(live, role).call("GET", "/monitoring/status", expect=403)["code"] == "forbidden"
    for role in ("staff", "admin", "factory"):
        assert "collectors" in person(live, role).call("GET", "/monitoring/status")
    assert person(live, "factory").call("GET", "/calls", expect=403)["code"] == "forbidden"  # no program area


def test_a_factory_user_sees_its_own_site_and_nothing_of_another(live: LiveServer) -> None:
    report(live, "demo", "edge-01")
    report(live, "hanbit", "edge-07")
    kim, park, staff = person(live, "factory"), person(live, "park"), person(live, "staff")
    time.sleep(1.1)  # an answer is shared for a second: the records written above show in the next one
    mine = kim.call("GET", "/monitoring/status")
    assert mine["site"] == "demo" and {c["site"] for c in mine["collectors"]} == {"demo"}
    assert {t["site"] for t in mine["tags"]} <= {"demo"} and {r["site"] for r in mine["runs"]} <= {"demo"}
    assert kim.call("GET", "/monitoring/status?site=hanbit", expect=404)["code"] == "not_found"
    assert kim.call("GET", "/monitoring/runs?site=hanbit", expect=404)["code"] == "not_found"
    assert kim.call("GET", "/monitoring/alarms?site=hanbit", expect=404)["code"] == "not_found"
    assert park.call("GET", "/monitoring/status")["site"] == "hanbit"
    every = staff.call("GET", "/monitoring/status")
    assert {"demo", "hanbit"} <= set(every["sites"]) and every["site"] is None
    assert [c["device"] for c in staff.call("GET", "/monitoring/status?site=hanbit")["collectors"]] == ["edge-07"]


def test_a_poll_with_the_etag_gets_304_until_something_changes(live: LiveServer) -> None:
    staff = person(live, "staff")
    report(live, "etag", "edge-01", value=5.0)
    time.sleep(1.1)  # past the board's one-second sharing
    first = staff.session.get(f"{live.url}/api/monitoring/status?site=etag", timeout=10)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.json()["generated_at"] and first.headers["Cache-Control"].startswith(
        "private")
    again = staff.session.get(f"{live.url}/api/monitoring/status?site=etag", headers={"If-None-Match": etag},
                              timeout=10)
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", etag)
    time.sleep(1.1)
    assert staff.session.get(f"{live.url}/api/monitoring/status?site=etag", headers={"If-None-Match": etag},
                             timeout=10).status_code == 304  # rebuilt, still the same content
    report(live, "etag", "edge-01", value=6.0)
    time.sleep(1.1)
    changed = staff.session.get(f"{live.url}/api/monitoring/status?site=etag", headers={"If-None-Match": etag},
                                timeout=10)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.json()["tags"][0]["value"] == 6.0


def test_a_silent_collector_raises_an_alarm_that_its_factory_acknowledges_once(live: LiveServer) -> None:
    report(live, "demo", "edge-quiet")
    kim, park, staff = person(live, "factory"), person(live, "park"), person(live, "staff")

    def raised() -> Any:
        alarms = kim.call("GET", "/monitoring/status")["alarms"]
        return next((a for a in alarms if a["subject"] == "edge-quiet" and a["rule"] == "collector.stale"), None)

    alarm = wait_for("the stale-collector alarm", raised, timeout=20)
    assert alarm["state"] == "ACTIVE" and alarm["severity"] == "warning" and alarm["site"] == "demo"
    path = f"/monitoring/alarms/{alarm['id']}"
    assert park.call("POST", f"{path}/acknowledge", expect=404)["code"] == "not_found"
    assert park.call("GET", path, expect=404)["code"] == "not_found"
    acked = kim.call("POST", f"{path}/acknowledge")
    assert (acked["state"], acked["acknowledged_by"]) == ("ACKNOWLEDGED", "factory@demo.mdap.kr")
    assert staff.call("POST", f"{path}/acknowledge") == acked  # again: the same answer, nothing changes
    detail = staff.call("GET", path)
    assert [(s["state"], s["by"]) for s in detail["history"]] == [("ACTIVE", "monitoring"),
                                                                 ("ACKNOWLEDGED", "factory@demo.mdap.kr")]
    assert [e["action"] for e in detail["trail"]] == ["alarm.raised", "alarm.acknowledged"]
    assert any(a["id"] == alarm["id"] for a in kim.call("GET", "/monitoring/alarms?state=all")["items"])
    assert all(a["site"] == "hanbit" for a in park.call("GET", "/monitoring/alarms?state=all")["items"])
    notices = [n for n in staff.call("GET", "/notifications?limit=100")["items"]
               if n["kind"] == "monitoring.alarm" and n["refs"].get("alarm") == alarm["id"]]
    assert len(notices) == 1 and "factory@demo.mdap.kr" in notices[0]["to"]
    assert "park@hanbit.kr" not in notices[0]["to"]


def test_an_unknown_alarm_is_404_and_bad_parameters_are_400(live: LiveServer) -> None:
    staff = person(live, "staff")
    assert staff.call("POST", "/monitoring/alarms/none-such/acknowledge", expect=404)["code"] == "not_found"
    assert staff.call("GET", "/monitoring/status?site=Not%20A%20Site", expect=400)["field"] == "site"
    assert staff.call("GET", "/monitoring/alarms?state=gone", expect=400)["field"] == "state"


def test_administrators_give_factory_users_one_site(live: LiveServer) -> None:
    admin = person(live, "admin")
    refused = admin.call("POST", "/admin/users", {"email": "lee@seoul.kr", "name": "이", "roles": ["factory"]},
                         expect=400)
    assert "site" in refused["message_en"]
    issued = admin.call("POST", "/admin/users", {"email": "lee@seoul.kr", "name": "이", "roles": ["factory"],
                                                 "site": "seoul-1"}, expect=201)
    assert (issued["user"]["roles"], issued["user"]["site"]) == (["factory"], "seoul-1")
    lee = Person(live.url, "lee@seoul.kr", issued["one_time_password"]).log_in()
    assert lee.call("GET", "/me")["site"] == "seoul-1"
    assert lee.call("GET", "/monitoring/status")["site"] == "seoul-1"
    path = f"/admin/users/{quote('lee@seoul.kr')}/roles"
    assert admin.call("PUT", path, {"roles": ["staff"], "site": "seoul-1"}, expect=400)["code"] == "bad_request"
    moved = admin.call("PUT", path, {"roles": ["factory"], "site": "busan-2"})
    assert moved["site"] == "busan-2"
    staffed = admin.call("PUT", path, {"roles": ["staff"]})
    assert "site" not in staffed
    trail = admin.call("GET", f"/admin/users/{quote('lee@seoul.kr')}/audit")["items"]
    assert [e["after"].get("site") for e in trail if e["action"] == "user.roles_changed"] == ["busan-2", None]
