"""GET /health: public, reports the profile and each component's state. GET /openapi.json: the API's
OpenAPI 3.1 document, generated from the declared endpoints."""

from __future__ import annotations

from typing import Literal

from chalice import Blueprint, Response
from pydantic import BaseModel

from mdap.api.deps import container
from mdap.api.endpoints import Reply, endpoint
from mdap.api.health import health
from mdap.api.openapi import document_json, document_view

bp = Blueprint(__name__)


class ComponentHealth(BaseModel):
    state: Literal["up", "down"]
    detail: str


class HealthReport(BaseModel):
    status: Literal["ok", "degraded"]
    profile: str
    components: dict[str, ComponentHealth]


@endpoint(bp, "/health", response=HealthReport, responses={503: HealthReport},
          summary="The profile and each component's state (503 when one is down)", tag="system")
def get_health() -> HealthReport | Reply:
    report = HealthReport.model_validate(health(container()))
    return report if report.status == "ok" else Reply(report, status=503)


@bp.route("/openapi.json", methods=["GET"])
@document_view
def get_openapi() -> Response:
    return Response(body=document_json(bp.current_app), status_code=200,
                    headers={"Content-Type": "application/json; charset=utf-8"})
