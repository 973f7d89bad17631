"""Task handlers named by tests/fixtures/asl/tasks.json (the crash test runs them in a subprocess)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any


def echo(event: Any, context: Any) -> Any:
    return event


def _marks() -> Path:
    return Path(os.environ["ASL_TEST_MARKS"])


def count(event: Any, context: Any) -> Any:
    with (_marks() / "first.calls").open("a") as f:
        f.write("x")
    return {"counted": True}


def block(event: Any, context: Any) -> Any:
    """In the first process: say so and hang until killed. After a restart: return."""
    with (_marks() / "second.calls").open("a") as f:
        f.write("x")
    if os.environ.get("ASL_TEST_BLOCK") == "1":
        while True:
            time.sleep(1)
    return {"second": "완료"}


def record_callback(event: Any, context: Any) -> Any:
    raise RuntimeError("the tests pass a recorder bound to their Table as a handler override")
