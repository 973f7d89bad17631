"""Route plumbing shared by every blueprint: principal from claims, role checks, JSON bodies, client address."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar

from chalice import Blueprint, CognitoUserPoolAuthorizer, Response
from pydantic import BaseModel, ValidationError

from mdap.api.errors import HANDLED, BadRequest, error_response
from mdap.domain.identity import Principal, Unauthenticated, principal_from_claims, require_any_role
from mdap.settings import user_pool_arn

# API Gateway verifies Cognito tokens in AWS; the local gateway verifies local tokens the same way
# and fills requestContext.authorizer.claims, so this layer reads claims identically in both profiles.
authorizer = CognitoUserPoolAuthorizer("mdap-users", provider_arns=[user_pool_arn()])

M = TypeVar("M", bound=BaseModel)
# The body as the request guard parsed it (strict UTF-8 JSON, bounded); None when there was none.
checked_body: ContextVar[Any] = ContextVar("checked_body", default=None)


def current_principal(blueprint: Blueprint) -> Principal:
    request = blueprint.current_request
    claims = (request.context or {}).get("authorizer", {}).get("claims") if request else None
    if not claims:
        raise Unauthenticated("no verified claims on the request")
    return principal_from_claims(claims)


def json_body(blueprint: Blueprint, model: type[M]) -> M:
    body = checked_body.get()
    try:
        return model.model_validate({} if body is None else body)
    except ValidationError as exc:
        raise invalid_input(exc, "body") from None


def invalid_input(exc: ValidationError, whole: str) -> BadRequest:
    """The refusal for input a model rejected, naming its first bad field (``whole`` when it is the input itself)."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or whole
    return BadRequest(f"{field}: {first['msg']}", field=field,
                      message_ko=f"{field}: 값이 올바르지 않습니다 ({first['msg']}).")


def client_address(blueprint: Blueprint, trusted_hops: int) -> str:
    """The caller's address: API Gateway's sourceIp (the local server's peer), or, behind ``trusted_hops``
    proxies that append to X-Forwarded-For (CloudFront), the address the outermost trusted proxy saw."""
    request = blueprint.current_request
    source = str(((request.context or {}).get("identity") or {}).get("sourceIp") or "unknown") if request else ""
    if trusted_hops == 0 or request is None:
        return source
    chain = [part.strip() for part in (request.headers.get("x-forwarded-for") or "").split(",") if part.strip()]
    if not chain or chain[-1] != source:
        chain.append(source)
    return chain[-(trusted_hops + 1)] if len(chain) > trusted_hops else chain[0]


def mapped_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except HANDLED as exc:
            return error_response(exc)

    return wrapper


def protected(blueprint: Blueprint, path: str, *, roles: Iterable[str], methods: list[str] | None = None
              ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A route behind the Cognito authorizer that also requires one of ``roles``.

    The view receives the Principal as its first argument.
    """
    roles = tuple(roles)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def with_principal(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal(blueprint)
            require_any_role(principal, roles)
            return view(principal, *args, **kwargs)

        blueprint.route(path, methods=methods or ["GET"], authorizer=authorizer)(mapped_errors(with_principal))
        return view

    return decorate


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    merged: dict[str, str | list[str]] = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers=merged)
