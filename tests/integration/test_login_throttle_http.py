"""Log-in throttling attacks that need a platform of their own: a burst under a clock that stands still, and
a client that forges X-Forwarded-For without a trusted proxy in front."""

from __future__ import annotations

import concurrent.futures
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.live import LiveServer, StillClock, live_platform

PER_ADDRESS = 20


def _login(server: LiveServer, role: str, address: str) -> requests.Response:
    email, password = server.logins[role]
    return requests.post(f"{server.url}/api/auth/login", json={"email": email, "password": password},
                         headers={"X-Forwarded-For": address}, timeout=10)


def test_200_parallel_wrong_passwords_get_exactly_the_account_limit_through(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # Time stands still during the burst, so the slowed account opens no further slot.
    clock = StillClock(datetime.now(UTC))
    with live_platform(tmp_path_factory.mktemp("burst"), clock=clock, login_attempts_per_15min=10,
                       trusted_proxy="127.0.0.1") as live:
        email, _ = live.logins["applicant"]

        def attempt(number: int) -> int:
            return requests.post(f"{live.url}/api/auth/login", json={"email": email, "password": "wrong-wrong"},
                                 headers={"X-Forwarded-For": f"198.51.100.{number % 250}"}, timeout=60).status_code

        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            codes = list(pool.map(attempt, range(200)))
        assert codes.count(401) == 10
        assert codes.count(429) == 190
        # slowed, not locked: the real user is in after the one-second wait the refusal names
        assert _login(live, "applicant", "192.0.2.20").json()["retry_after"] == 1
        clock.advance(timedelta(seconds=1))
        assert _login(live, "applicant", "192.0.2.20").status_code == 200


def test_forwarded_for_is_ignored_without_a_trusted_proxy(tmp_path_factory: pytest.TempPathFactory) -> None:
    with live_platform(tmp_path_factory.mktemp("untrusted"), login_attempts_per_address_15min=3) as live:
        codes = [requests.post(f"{live.url}/api/auth/login", json={"email": f"u{n}@x.kr", "password": "nope"},
                               headers={"X-Forwarded-For": f"10.9.9.{n}"}, timeout=10).status_code for n in range(5)]
    assert codes == [401, 401, 401, 429, 429]  # every attempt counted against the real peer address


def test_password_spraying_from_one_address_is_stopped_at_the_address_limit(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    clock = StillClock(datetime.now(UTC))  # one window, whatever the wall clock: the count is exact
    with live_platform(tmp_path_factory.mktemp("spray"), clock=clock, login_attempts_per_address_15min=PER_ADDRESS,
                       trusted_proxy="127.0.0.1") as server:
        _spray(server)


def _spray(server: LiveServer) -> None:
    spray = [_post(server, "/api/auth/login", {"email": f"victim{n}@demo.mdap.kr", "password": "Spring2026!"},
                   **{"X-Forwarded-For": "203.0.113.66"}).status_code for n in range(PER_ADDRESS + 3)]
    assert spray == [401] * PER_ADDRESS + [429] * 3
    blocked = _login(server, "evaluator", "203.0.113.66")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert _login(server, "evaluator", "203.0.113.67").status_code == 200  # the account itself is fine


def test_the_address_limit_slides_across_window_boundaries(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A burst just before a window ends cannot start afresh just after it: the previous window still counts,
    weighted by its overlap, so 5 s later only the one attempt that share frees is let through (a fixed window
    would let a whole new allowance through)."""
    start = datetime.fromtimestamp(900 * (int(datetime.now(UTC).timestamp()) // 900 + 1) - 5, UTC)
    clock = StillClock(start)  # 5 s before a 15-minute window ends
    with live_platform(tmp_path_factory.mktemp("slide"), clock=clock, login_attempts_per_address_15min=PER_ADDRESS,
                       trusted_proxy="127.0.0.1") as server:
        before = [_attempt(server, n) for n in range(PER_ADDRESS)]
        clock.advance(timedelta(seconds=10))  # the next window began 5 s ago
        after = [_attempt(server, PER_ADDRESS + n) for n in range(3)]
    assert before == [401] * PER_ADDRESS
    assert after == [401, 429, 429]


def _attempt(server: LiveServer, n: int) -> int:
    return _post(server, "/api/auth/login", {"email": f"v{n}@demo.mdap.kr", "password": "Spring2026!"},
                 **{"X-Forwarded-For": "203.0.113.77"}).status_code


def _post(server: LiveServer, path: str, body: object, **headers: str) -> requests.Response:
    return requests.post(f"{server.url}{path}", json=body, headers=headers, timeout=10)
