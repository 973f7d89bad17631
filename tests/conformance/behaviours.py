"""Task behaviours the corpus cases name in their "tasks" list.

Each behaviour is a factory taking the clock the engine runs on and returning a fresh Lambda-style handler
``handler(event, context)``, so counters never leak between cases. Handlers that measure retry gaps read the
same clock the engine sleeps on; under a ControllableClock the gaps are exact.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from mdap.ports.clock import Clock

Handler = Callable[[Any, Any], Any]


class TransientError(Exception):
    """A failure that goes away after some attempts."""


class ConformanceError(Exception):
    """A custom error whose class name is the ASL error name."""


class _Attempts:
    """Counts calls and remembers when each happened, on the engine's clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.times: list[float] = []

    def record(self) -> int:
        self.times.append(self.clock.now().timestamp())
        return len(self.times)

    def gaps(self) -> list[float]:
        return [round(b - a, 3) for a, b in zip(self.times, self.times[1:], strict=False)]


def echo(clock: Clock) -> Handler:
    return lambda event, context: event


def korean_result(clock: Clock) -> Handler:
    return lambda event, context: {"결과": "완료", "입력": event}


def raise_ValueError(clock: Clock) -> Handler:
    def handler(event: Any, context: Any) -> Any:
        raise ValueError("잘못된 값")

    return handler


def raise_custom(clock: Clock) -> Handler:
    def handler(event: Any, context: Any) -> Any:
        raise ConformanceError("맞춤 오류")

    return handler


def flaky(clock: Clock) -> Handler:
    """Fails ``event["fail_times"]`` times, then reports the attempt count and the gaps between attempts."""
    attempts = _Attempts(clock)

    def handler(event: Any, context: Any) -> Any:
        n = attempts.record()
        if n <= event["fail_times"]:
            raise TransientError(f"attempt {n}")
        return {"attempts": n, "gaps": attempts.gaps()}

    return handler


def jitter_probe(clock: Clock) -> Handler:
    """Like flaky, but reports only whether every gap lies in [0, event["max_gaps"][i]] (jitter is random)."""
    attempts = _Attempts(clock)

    def handler(event: Any, context: Any) -> Any:
        n = attempts.record()
        if n <= event["fail_times"]:
            raise TransientError(f"attempt {n}")
        bounds = event["max_gaps"]
        gaps = attempts.gaps()
        within = len(gaps) == len(bounds) and all(0 <= g <= b for g, b in zip(gaps, bounds, strict=True))
        return {"attempts": n, "gaps_within_bounds": within}

    return handler


def always_fail(clock: Clock) -> Handler:
    attempts = _Attempts(clock)

    def handler(event: Any, context: Any) -> Any:
        raise TransientError(f"attempt {attempts.record()}")

    return handler


def retry_count_gate(clock: Clock) -> Handler:
    """Fails until the engine passes $$.State.RetryCount == 2 in ``event["rc"]``."""

    def handler(event: Any, context: Any) -> Any:
        if event["rc"] < 2:
            raise TransientError(f"retry count {event['rc']}")
        return event

    return handler


def slow(clock: Clock) -> Handler:
    """Takes 1.5 s of real time: longer than the 1 s timeouts and heartbeats the cases declare."""

    def handler(event: Any, context: Any) -> Any:
        time.sleep(1.5)
        return "too late"

    return handler


BEHAVIOURS: dict[str, Callable[[Clock], Handler]] = {
    f.__name__: f
    for f in (echo, korean_result, raise_ValueError, raise_custom, flaky, jitter_probe, always_fail,
              retry_count_gate, slow)
}
