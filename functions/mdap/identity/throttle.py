"""Log-in throttling per client address and per account, for both profiles (counters in the Table).

- Per address: at most ``per_address`` failed log-ins per window across all accounts (slows password
  spraying), counted over a sliding window (this window's count plus the previous one's, weighted by how much
  of it still overlaps), so a burst across a window boundary gets no second allowance.
- Per account: after ``per_account`` failures within a window the account is *slowed*, never locked: each
  further attempt must wait a delay that doubles (1 s, 2 s, 4 s … capped at ``max_delay_s``), so an attacker
  cannot keep the real user out for longer than the cap.

An attempt is counted as a failure *before* the password is checked (a reservation made with a conditional
write) and given back when it succeeds, so parallel attempts cannot race past a limit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from mdap.domain.identity import TooManyAttempts
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed
from mdap.ports.table import Item, Table

# Conditional-write retries under contention; when exhausted the attempt is refused (fail closed).
_RETRIES = 64


@dataclass(frozen=True)
class ThrottlePolicy:
    per_account: int = 10
    per_address: int = 30
    window: timedelta = timedelta(minutes=15)
    max_delay_s: int = 60


@dataclass(frozen=True)
class Ticket:
    email: str
    address: str


class LoginThrottle:
    def __init__(self, table: Table, clock: Clock, policy: ThrottlePolicy) -> None:
        self._table = table
        self._clock = clock
        self._policy = policy

    def admit(self, email: str, address: str) -> Ticket:
        """Reserve one attempt for this account from this address, or raise TooManyAttempts."""
        self._reserve_address(address)
        try:
            self._reserve_account(email)
        except TooManyAttempts:
            self._release_address(address)
            raise
        return Ticket(email, address)

    def succeeded(self, ticket: Ticket) -> None:
        """The password was right: the account's failures are forgotten and the address gets its try back."""
        self._table.delete(*self._account_key(ticket.email))
        self._release_address(ticket.address)

    # -- per address: a counter per window -------------------------------------------------------
    def _address_key(self, address: str) -> tuple[str, str]:
        return f"THROTTLE#ADDRESS#{address}", f"WINDOW#{self._window()}"

    def _window(self) -> int:
        return int(self._clock.now().timestamp() // self._policy.window.total_seconds())

    def _reserve_address(self, address: str) -> None:
        window_s = self._policy.window.total_seconds()
        for _ in range(_RETRIES):
            now, window = self._clock.now().timestamp(), self._window()
            key = self._address_key(address)
            item = self._table.get(*key)
            count = int(item.data["count"]) if item else 0
            previous = self._table.get(f"THROTTLE#ADDRESS#{address}", f"WINDOW#{window - 1}")
            overlap = 1 - (now - window * window_s) / window_s  # share of the previous window still inside
            weighted = count + (int(previous.data["count"]) * overlap if previous else 0)
            if weighted >= self._policy.per_address:
                elapsed = now - window * window_s
                raise TooManyAttempts(retry_after=self._address_retry(elapsed, count, previous.data["count"]
                                                                      if previous else 0))
            if self._try_put(key, item, {"count": count + 1, "expires_at": int((window + 2) * window_s)}):
                return
        raise TooManyAttempts(retry_after=1)

    def _address_retry(self, elapsed: float, count: int, previous: int) -> int:
        """Seconds until the sliding count drops below the limit: within this window if the previous one's
        share is what is over, else into the next window, where this one's count decays."""
        limit, window_s = self._policy.per_address, self._policy.window.total_seconds()
        if count < limit and previous:
            wait = (1 - (limit - count) / previous) * window_s - elapsed
        else:
            wait = (window_s - elapsed) + (1 - limit / max(count, 1)) * window_s
        return max(1, math.floor(wait) + 1)  # strictly past the moment the count equals the limit

    def _release_address(self, address: str) -> None:
        for _ in range(_RETRIES):
            key = self._address_key(address)
            item = self._table.get(*key)
            if item is None or int(item.data["count"]) <= 0:
                return
            if self._try_put(key, item, {**item.data, "count": int(item.data["count"]) - 1}):
                return

    # -- per account: failures and the earliest moment of the next attempt --------------------------
    @staticmethod
    def _account_key(email: str) -> tuple[str, str]:
        return f"THROTTLE#ACCOUNT#{email}", "STATE"

    def _reserve_account(self, email: str) -> None:
        key = self._account_key(email)
        for _ in range(_RETRIES):
            now = self._clock.now().timestamp()
            item = self._table.get(*key)
            fresh = item is None or now - float(item.data["since"]) >= self._policy.window.total_seconds()
            failures = 0 if fresh or item is None else int(item.data["failures"])
            not_before = 0.0 if fresh or item is None else float(item.data["not_before"])
            if now < not_before:
                raise TooManyAttempts(retry_after=max(1, math.ceil(not_before - now)))
            failures += 1
            over = failures - self._policy.per_account
            if over >= 0:  # slowed: the next attempt waits 1, 2, 4 … seconds after this one
                not_before = now + min(2**over, self._policy.max_delay_s)
            since = now if fresh or item is None else float(item.data["since"])
            data = {"failures": failures, "since": since, "not_before": not_before,
                    "expires_at": int(now + self._policy.window.total_seconds() + self._policy.max_delay_s)}
            if self._try_put(key, item, data):
                return
        raise TooManyAttempts(retry_after=1)

    def _try_put(self, key: tuple[str, str], item: Item | None, data: Mapping[str, object]) -> bool:
        try:
            self._table.put(*key, data, expect_version=item.version if item else 0)
        except ConditionFailed:
            return False
        return True
