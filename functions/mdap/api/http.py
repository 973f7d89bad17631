"""Route plumbing shared by every blueprint: principal from claims, role checks, JSON bodies."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
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


def current_principal(blueprint: Blueprint) -> Principal:
    request = blueprint.current_request
    claims = (request.context or {}).get("authorizer", {}).get("claims") if request else None
    if not claims:
        raise Unauthenticated("no verified claims on the request")
    return principal_from_claims(claims)


def json_body(blueprint: Blueprint, model: type[M]) -> M:
    request = blueprint.current_request
    raw = request.raw_body if request else b""
    try:
        return model.model_validate(json.loads(raw or b"{}"))
    except json.JSONDecodeError:
        raise BadRequest("요청 본문이 올바른 JSON이 아닙니다 (the body is not valid JSON).") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise BadRequest(f"{field}: {first['msg']}") from None


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


def json_response(body: Any, status: int = 200) -> Response:
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json; charset=utf-8"}
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers=headers)
