"""The Chalice application: one app, one blueprint per resource area."""

from __future__ import annotations

from chalice import Chalice

from mdap.api import routes_admin, routes_auth, routes_system

app = Chalice(app_name="mdap")
app.register_blueprint(routes_system.bp)
app.register_blueprint(routes_auth.bp)
app.register_blueprint(routes_admin.bp)
