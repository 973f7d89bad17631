"""Sessions over the Table: rotation, reuse detection, log-out, anti-forgery tokens, throttled log-in."""

from __future__ import annotations

import concurrent.futures
from datetime import timedelta

import pytest

from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.identity import LocalIdentity
from mdap.domain.identity import CsrfRejected, InvalidCredentials, SessionReused, TooManyAttempts, Unauthenticated
from mdap.identity.ledger import SessionLedger, digest
from mdap.identity.sessions import Sessions
from mdap.identity.throttle import LoginThrottle, ThrottlePolicy
from tests.unit.fakes import InMemoryTable

PASSWORD = "correct horse battery"
EMAIL = "staff@example.kr"


@pytest.fixture
def clock() -> ControllableClock:
    return ControllableClock()


@pytest.fixture
def table() -> InMemoryTable:
    return InMemoryTable()


@pytest.fixture
def sessions(table: InMemoryTable, clock: ControllableClock) -> Sessions:
    identity = LocalIdentity(table, clock, b"s" * 48, token_minutes=30)
    identity.create_user(EMAIL, "담당자", ["staff"], PASSWORD)
    identity.create_user("boss@example.kr", "관리자", ["admin"], PASSWORD)
    policy = ThrottlePolicy(per_account=3, per_address=6)
    return Sessions(identity, SessionLedger(table, clock, timedelta(hours=12)), LoginThrottle(table, clock, policy))


def test_refresh_rotates_the_token_and_spends_the_old_one(sessions: Sessions) -> None:
    first = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    second = sessions.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert second.family == first.family
    third = sessions.refresh(second.refresh_token)
    assert third.principal.email == EMAIL


def test_reusing_a_spent_token_revokes_the_whole_family(sessions: Sessions) -> None:
    first = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    second = sessions.refresh(first.refresh_token)
    with pytest.raises(SessionReused):
        sessions.refresh(first.refresh_token)  # a thief replays the stolen, already spent token
    with pytest.raises(Unauthenticated):
        sessions.refresh(second.refresh_token)  # ... and the legitimate holder is out too


def test_parallel_exchanges_of_one_token_let_at_most_one_through(sessions: Sessions) -> None:
    first = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")

    def exchange(_: int) -> str:
        try:
            return sessions.refresh(first.refresh_token).refresh_token
        except Unauthenticated:
            return ""

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        winners = [token for token in pool.map(exchange, range(8)) if token]
    assert len(winners) <= 1
    for token in winners:  # the family was revoked as soon as a second exchange was tried
        with pytest.raises(Unauthenticated):
            sessions.refresh(token)


def test_refresh_tokens_are_stored_only_as_digests(sessions: Sessions, table: InMemoryTable) -> None:
    session = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    stored = repr(table._items)
    assert session.refresh_token not in stored
    assert digest(session.refresh_token) in stored


def test_log_out_ends_only_that_session(sessions: Sessions) -> None:
    tab_one = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    tab_two = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    assert sessions.log_out(tab_one.refresh_token) == 1
    with pytest.raises(Unauthenticated):
        sessions.refresh(tab_one.refresh_token)
    assert sessions.refresh(tab_two.refresh_token).family == tab_two.family


def test_log_out_everywhere_ends_every_session_of_the_user_only(sessions: Sessions) -> None:
    mine = [sessions.log_in(EMAIL, PASSWORD, "10.0.0.1") for _ in range(3)]
    other = sessions.log_in("boss@example.kr", PASSWORD, "10.0.0.2")
    assert sessions.log_out(mine[0].refresh_token, everywhere=True) == 3
    for session in mine:
        with pytest.raises(Unauthenticated):
            sessions.refresh(session.refresh_token)
    assert sessions.refresh(other.refresh_token).principal.email == "boss@example.kr"


def test_a_session_ends_at_its_absolute_lifetime(sessions: Sessions, clock: ControllableClock) -> None:
    session = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    for _ in range(11):  # refreshing keeps the ID token fresh, but not past the family's end
        clock.advance(timedelta(minutes=59))
        session = sessions.refresh(session.refresh_token)
    assert session.session_expires_at - clock.now().timestamp() == 71 * 60  # 12 h minus 11 x 59 min
    clock.advance(timedelta(minutes=71))
    with pytest.raises(Unauthenticated, match="expired"):
        sessions.refresh(session.refresh_token)


def test_anti_forgery_token_must_match_the_cookies_family(sessions: Sessions) -> None:
    one = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    two = sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    with pytest.raises(CsrfRejected):
        sessions.refresh(one.refresh_token, two.csrf_token)
    with pytest.raises(CsrfRejected):
        sessions.refresh(one.refresh_token, one.family + ".guessed")
    with pytest.raises(CsrfRejected):
        sessions.check_csrf("no-dot")
    assert sessions.refresh(one.refresh_token, one.csrf_token).family == one.family


def test_account_is_slowed_not_locked_after_its_failure_limit(sessions: Sessions, clock: ControllableClock) -> None:
    for _ in range(3):
        with pytest.raises(InvalidCredentials):
            sessions.log_in(EMAIL, "wrong password", "10.0.0.1")
    with pytest.raises(TooManyAttempts) as slowed:
        sessions.log_in(EMAIL, PASSWORD, "10.0.0.9")  # even the right password waits its turn
    assert slowed.value.retry_after == 1
    delays = []
    for _ in range(8):  # the attacker keeps trying: each wait doubles, up to the cap
        clock.advance(timedelta(seconds=delays[-1] if delays else 1))
        with pytest.raises(InvalidCredentials):
            sessions.log_in(EMAIL, "wrong password", f"10.0.1.{len(delays)}")
        with pytest.raises(TooManyAttempts) as waiting:
            sessions.log_in(EMAIL, PASSWORD, "10.0.0.9")
        delays.append(waiting.value.retry_after)
    assert delays == [2, 4, 8, 16, 32, 60, 60, 60]
    clock.advance(timedelta(seconds=60))  # the real user is never kept out longer than the cap
    assert sessions.log_in(EMAIL, PASSWORD, "10.0.0.9").principal.email == EMAIL


def test_success_forgets_the_accounts_failures(sessions: Sessions) -> None:
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            sessions.log_in(EMAIL, "wrong password", "10.0.0.1")
    sessions.log_in(EMAIL, PASSWORD, "10.0.0.1")
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            sessions.log_in(EMAIL, "wrong password", "10.0.0.1")
    assert sessions.log_in(EMAIL, PASSWORD, "10.0.0.1").principal.email == EMAIL


def test_address_limit_stops_spraying_across_accounts(sessions: Sessions, clock: ControllableClock) -> None:
    for number in range(6):  # one wrong password each for six different accounts
        with pytest.raises(InvalidCredentials):
            sessions.log_in(f"user{number}@example.kr", "Spring2026!", "203.0.113.7")
    with pytest.raises(TooManyAttempts) as refused:
        sessions.log_in(EMAIL, PASSWORD, "203.0.113.7")
    assert refused.value.retry_after == 15 * 60 + 1  # this window, then the sliding count decays below the limit
    assert sessions.log_in(EMAIL, PASSWORD, "198.51.100.1").principal.email == EMAIL  # others are unaffected
    clock.advance(timedelta(seconds=refused.value.retry_after - 1))
    with pytest.raises(TooManyAttempts):
        sessions.log_in(EMAIL, PASSWORD, "203.0.113.7")
    clock.advance(timedelta(seconds=1))
    assert sessions.log_in(EMAIL, PASSWORD, "203.0.113.7").principal.email == EMAIL


def test_parallel_wrong_passwords_cannot_race_past_the_limit(sessions: Sessions) -> None:
    def attempt(_: int) -> str:
        try:
            sessions.log_in(EMAIL, "wrong password", "10.0.0.1")
        except InvalidCredentials:
            return "checked"
        except TooManyAttempts:
            return "refused"
        return "in"

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(attempt, range(60)))
    assert outcomes.count("checked") == 3
    assert outcomes.count("refused") == 57
