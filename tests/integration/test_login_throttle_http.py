"""Log-in throttling attacks that need a platform of their own: a burst under a clock that stands still, and
a client that forges X-Forwarded-For without a trusted proxy in front."""

from __future__ import annotations

import concurrent.futures
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.live import LiveServer, StillClock, live_platform


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
