"""The floor for the API benchmark: a minimal WSGI app on the very server `mdap run` uses (same waitress
settings, threads, parser and refusals), so the difference to the platform is the platform's own work."""

from __future__ import annotations

import sys
from typing import Any

from mdap.localserver.server import _bind


def minimal(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]


if __name__ == "__main__":
    server = _bind("127.0.0.1", int(sys.argv[1]), "")
    server.application = minimal
    server.run()
