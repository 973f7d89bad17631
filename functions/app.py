"""Chalice entry module: Lambda's handler is ``app.app``; the application lives in mdap.api.app."""

from mdap.api.app import app

__all__ = ["app"]
