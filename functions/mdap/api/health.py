"""Component health, shared by GET /health and `mdap run`'s start-up check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mdap.bootstrap import Container
from mdap.observability import logger

HEALTH_KEY = ("SYSTEM#health", "PROBE")

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


def health(c: Container) -> dict[str, Any]:
    probes: dict[str, Callable[[], tuple[bool, str]]] = {
        "table": lambda: _table(c),
        "blobstore": lambda: _blobs(c),
        **extra_probes,
    }
    components = {name: _run(name, check) for name, check in probes.items()}
    ok = all(part["state"] == "up" for part in components.values())
    return {"status": "ok" if ok else "degraded", "profile": c.settings.profile, "components": components}
