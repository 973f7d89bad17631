"""The Chalice application: one app, one blueprint per resource area.

Access logs are the gateway's: API Gateway's stage access log in AWS (CDK), the local server's in the local
profile (``mdap.localserver.access_log``); the app logs what only it knows (errors, business events).
"""

from __future__ import annotations

from chalice import Chalice

from mdap.api import (
    routes_admin,
    routes_applications,
    routes_approvals,
    routes_auth,
    routes_calls,
    routes_dashboards,
    routes_data,
    routes_evaluations,
    routes_monitoring,
    routes_notifications,
    routes_projects,
    routes_system,
)
from mdap.api.guard import guard

app = Chalice(app_name="mdap")
app.register_middleware(guard, "http")
app.register_blueprint(routes_system.bp)
app.register_blueprint(routes_auth.bp)
app.register_blueprint(routes_admin.bp)
for program_routes in (routes_calls, routes_applications, routes_evaluations, routes_approvals, routes_projects,
                       routes_notifications):
    app.register_blueprint(program_routes.bp)
app.register_blueprint(routes_monitoring.bp)
app.register_blueprint(routes_dashboards.bp)
app.register_blueprint(routes_data.bp)
