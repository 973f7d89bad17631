"""API Gateway's part, played locally: routes matched, tokens verified, the REST proxy event built.

Chalice's own local gateway decodes Cognito tokens without checking their signature, reports every caller
as 127.0.0.1 and scans all routes per request; this one verifies tokens (claims filled into
``requestContext.authorizer.claims`` as API Gateway does, values as strings), passes the peer address as
``identity.sourceIp``, and finds a route by a dictionary lookup. Refusals have the platform's JSON shape,
like the gateway responses the CDK app configures in AWS.
"""

from __future__ import annotations

import base64
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from chalice import Chalice, CognitoUserPoolAuthorizer

from mdap.api.refusals import refusal_bytes
from mdap.domain.identity import Unauthenticated

Verify = Callable[[str], dict[str, Any]]
Reply = tuple[int, dict[str, str], bytes]
_JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class _Route:
    resource: str
    methods: frozenset[str]
    authorized: frozenset[str]  # methods behind the Cognito authorizer
    params: tuple[str, ...] = ()


class _Context:
    """The little of a Lambda context the app reads."""

    __slots__ = ("aws_request_id", "function_name")

    def __init__(self, request_id: str) -> None:
        self.aws_request_id = request_id
        self.function_name = "mdap-local"


class VerifyingGateway:
    def __init__(self, app: Chalice, verify: Verify) -> None:
        self._app = app
        self._verify = verify
        self._ids = itertools.count(1)
        self._static: dict[str, _Route] = {}
        self._dynamic: list[tuple[re.Pattern[str], _Route]] = []
        for resource, entries in sorted(app.routes.items()):
            guarded = frozenset(m for m, e in entries.items() if isinstance(e.authorizer, CognitoUserPoolAuthorizer))
            route = _Route(resource, frozenset(entries), guarded, tuple(re.findall(r"{(\w+)}", resource)))
            if route.params:
                pattern = re.escape(resource)
                for name in route.params:
                    pattern = pattern.replace(re.escape("{" + name + "}"), "([^/]+)")
                self._dynamic.append((re.compile(pattern + r"\Z"), route))
            else:
                self._static[resource] = route

    def call(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes,
             source_ip: str = "127.0.0.1") -> Reply:
        """One HTTP request through the app (``path`` without the stage prefix, percent-decoded)."""
        if path != "/" and path.endswith("/"):
            path = path[:-1]  # API Gateway ignores one trailing slash
        found = self._match(path)
        if found is None:
            return _refuse("unknown_route", path)
        route, captured = found
        if method == "OPTIONS" and "OPTIONS" not in route.methods:
            return 200, {"Access-Control-Allow-Methods": "OPTIONS"}, b""
        event = self._event(method, path, query, headers, body, source_ip, route, captured)
        if method in route.authorized:
            claims = self._authorize(headers.get("authorization", ""))
            if claims is None:
                return _refuse("unauthenticated")
            event["requestContext"]["authorizer"] = {"claims": claims}
        response = self._app(event, _Context(f"local-{next(self._ids)}"))
        return _reply(response)

    def _match(self, path: str) -> tuple[_Route, dict[str, str]] | None:
        route = self._static.get(path)
        if route is not None:
            return route, {}
        for pattern, candidate in self._dynamic:
            matched = pattern.match(path)
            if matched:
                return candidate, dict(zip(candidate.params, matched.groups(), strict=True))
        return None

    def _authorize(self, token: str) -> dict[str, str] | None:
        if not token:
            return None
        try:
            claims = self._verify(token)
        except Unauthenticated:
            return None
        return {key: ",".join(map(str, value)) if isinstance(value, list) else str(value)
                for key, value in claims.items()}

    @staticmethod
    def _event(method: str, path: str, query: str, headers: dict[str, str], body: bytes, source_ip: str,
               route: _Route, captured: dict[str, str]) -> dict[str, Any]:
        params = parse_qs(query, keep_blank_values=True) if query else None
        return {
            "requestContext": {"httpMethod": method, "resourcePath": route.resource, "path": path,
                               "stage": "api", "identity": {"sourceIp": source_ip}},
            "headers": headers,
            "multiValueQueryStringParameters": params or None,
            "pathParameters": captured or None,
            "stageVariables": None,
            "body": body or None,  # Chalice's Request reads bytes as they are
            "isBase64Encoded": False,
        }


def _refuse(code: str, detail: str = "") -> Reply:
    status, payload = refusal_bytes(code, detail)
    return status, dict(_JSON), payload


def _reply(response: dict[str, Any]) -> Reply:
    payload = response.get("body") or b""
    if response.get("isBase64Encoded"):
        payload = base64.b64decode(payload)
    elif isinstance(payload, str):
        payload = payload.encode("utf-8")
    headers = dict(response.get("headers") or {})
    for name, values in (response.get("multiValueHeaders") or {}).items():
        headers[name] = ", ".join(values) if name.lower() != "set-cookie" else "\n".join(values)
    return int(response["statusCode"]), headers, payload
