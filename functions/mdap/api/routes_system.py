"""GET /health: public, reports the profile and each component's state."""

from __future__ import annotations

from chalice import Blueprint, Response

from mdap.api.deps import container
from mdap.api.health import health
from mdap.api.http import json_response

bp = Blueprint(__name__)


@bp.route("/health", methods=["GET"])
def get_health() -> Response:
    report = health(container())
    return json_response(report, 200 if report["status"] == "ok" else 503)
