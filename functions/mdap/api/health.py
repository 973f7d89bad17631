"""Component health, shared by GET /health and `mdap run`'s start-up check."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from mdap.bootstrap import Container
from mdap.observability import logger

HEALTH_KEY = ("SYSTEM#health", "PROBE")
# /health is public and polled by load balancers: the probes that touch storage answer from a result at most
# this old, so a flood of health checks cannot become a flood of database reads. In-process probes run each time.
STORAGE_PROBE_SECONDS = 1.0
_cache_lock = threading.Lock()
_cache: dict[int, tuple[float, dict[str, dict[str, Any]]]] = {}

# Extra probes registered by the process that runs workers (the local server), name -> check.
extra_probes: dict[str, Callable[[], tuple[bool, str]]] = {}


def _table(c: Container) -> tuple[bool, str]:
    c.table.get(*HEALTH_KEY)
    return True, "reachable"


def _blobs(c: Container) -> tuple[bool, str]:
    list(c.blobs["raw"].list("__health__/"))
    return True, f"{len(c.blobs)} zones"


def _run(name: str, check: Callable[[], tuple[bool, str]]) -> dict[str, Any]:
    try:
        ok, detail = check()
    except Exception as exc:  # a failing component must show as down, not crash the health check
        # /health is public: the kind of failure only; the details go to the log
        logger.exception("health check failed", extra={"component": name})
        ok, detail = False, type(exc).__name__
    return {"state": "up" if ok else "down", "detail": detail}


def _storage(c: Container) -> dict[str, dict[str, Any]]:
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(id(c))
        if cached and now - cached[0] < STORAGE_PROBE_SECONDS:
            return cached[1]
    result = {"table": _run("table", lambda: _table(c)), "blobstore": _run("blobstore", lambda: _blobs(c))}
    with _cache_lock:
        _cache.clear()  # one platform per process: keep only the latest container's result
        _cache[id(c)] = (now, result)
    return result


def health(c: Container) -> dict[str, Any]:
    components = {**_storage(c), **{name: _run(name, check) for name, check in extra_probes.items()}}
    ok = all(part["state"] == "up" for part in components.values())
    return {"status": "ok" if ok else "degraded", "profile": c.settings.profile, "components": components}
