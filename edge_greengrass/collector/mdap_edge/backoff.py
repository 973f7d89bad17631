"""Capped exponential backoff with jitter, for reconnecting sources and retried uploads."""

from __future__ import annotations

import random


class Backoff:
    """Delays ``initial * 2**n`` capped at ``cap``, each drawn from [delay/2, delay] ("equal jitter"), so
    collectors that lost the same server do not come back in lockstep. Never gives up."""

    def __init__(self, initial: float = 0.2, cap: float = 10.0, rng: random.Random | None = None) -> None:
        if not 0 < initial <= cap:
            raise ValueError("backoff needs 0 < initial <= cap")
        self.initial = initial
        self.cap = cap
        self.attempts = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.initial * 2 ** min(self.attempts, 32))
        self.attempts += 1
        return float(ceiling / 2 + self._rng.random() * ceiling / 2)

    def reset(self) -> None:
        self.attempts = 0
