"""API Gateway's part, played locally: route matching by Chalice, token verification by the local issuer.

Chalice's own local gateway decodes Cognito tokens without checking their signature; this one verifies
them and fills ``requestContext.authorizer.claims`` the way API Gateway does (claim values as strings).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from chalice import Chalice, CognitoUserPoolAuthorizer
from chalice.config import Config
from chalice.local import (
    LocalGateway,
    LocalGatewayAuthorizer,
    LocalGatewayException,
    NotAuthorizedError,
)

from mdap.domain.identity import Unauthenticated

Verify = Callable[[str], dict[str, Any]]
_UNAUTHORIZED = json.dumps({"message": "Unauthorized"}).encode()


def _as_gateway_claims(claims: dict[str, Any]) -> dict[str, str]:
    return {key: ",".join(map(str, value)) if isinstance(value, list) else str(value)
            for key, value in claims.items()}


class VerifyingAuthorizer(LocalGatewayAuthorizer):
    def __init__(self, app: Chalice, verify: Verify) -> None:
        super().__init__(app)
        self._verify = verify

    def authorize(self, raw_path: str, lambda_event: Any, lambda_context: Any) -> Any:
        route = self._route_for_event(lambda_event)
        if route is None or not isinstance(route.authorizer, CognitoUserPoolAuthorizer):
            return lambda_event, lambda_context
        headers = {k.lower(): v for k, v in (lambda_event.get("headers") or {}).items()}
        token = headers.get("authorization", "")
        try:
            if not token:
                raise Unauthenticated("missing token")
            claims = self._verify(token)
        except Unauthenticated:
            raise NotAuthorizedError({"x-amzn-ErrorType": "UnauthorizedException"}, _UNAUTHORIZED) from None
        lambda_event["requestContext"]["authorizer"] = {"claims": _as_gateway_claims(claims)}
        return lambda_event, lambda_context


class VerifyingGateway(LocalGateway):
    def __init__(self, app: Chalice, verify: Verify) -> None:
        super().__init__(app, Config(chalice_stage="local", config_from_disk={"app_name": app.app_name}))
        self._authorizer = VerifyingAuthorizer(app, verify)

    def call(self, method: str, path: str, headers: dict[str, str], body: bytes
             ) -> tuple[int, dict[str, str], bytes]:
        """One HTTP request through the app; returns status, headers and body bytes."""
        try:
            response = self.handle_request(method, path, headers, body)
        except LocalGatewayException as exc:
            return exc.CODE, {"Content-Type": "application/json", **exc.headers}, exc.body or b""
        payload = response.get("body") or b""
        if response.get("isBase64Encoded"):
            payload = base64.b64decode(payload)
        elif isinstance(payload, str):
            payload = payload.encode("utf-8")
        return int(response["statusCode"]), dict(response.get("headers") or {}), payload
