"""The Chalice application: one app, one blueprint per resource area."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from chalice import Chalice

from mdap.api import routes_admin, routes_auth, routes_system
from mdap.api.guard import guard
from mdap.observability import logger

app = Chalice(app_name="mdap")


@app.middleware("http")
def access_log(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """One structured line per request: method, path, status and duration (never bodies or tokens)."""
    started = time.perf_counter()
    response = get_response(event)
    logger.info("request", extra={"method": event.method, "path": event.path, "status": response.status_code,
                                  "ms": round((time.perf_counter() - started) * 1000, 1)})
    return response


app.register_middleware(guard, "http")  # registered last, so it runs inside the access log
app.register_blueprint(routes_system.bp)
app.register_blueprint(routes_auth.bp)
app.register_blueprint(routes_admin.bp)
