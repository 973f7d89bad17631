"""Response models shared by several routes, and the shape of every refusal (documented in /openapi.json)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from mdap.domain.identity import Principal

Role = Literal["applicant", "evaluator", "staff", "admin", "factory"]  # mdap.domain.identity.ROLES, for clients


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omitted_when_none() -> Any:
    """A field that is left out of the JSON when it has no value (``name?: T`` for clients, never null)."""
    return Field(default=None, exclude_if=lambda value: value is None, json_schema_extra=_no_default)


class Refusal(BaseModel):
    """A refused request: Korean ``message`` for people, English ``message_en`` for developers."""

    code: str
    message: str
    message_en: str
    field: str | SkipJsonSchema[None] = omitted_when_none()
    retry_after: int | SkipJsonSchema[None] = omitted_when_none()


class PrincipalOut(BaseModel):
    """Who is asking: the verified identity and its roles (sorted)."""

    sub: str
    email: str
    name: str
    roles: list[Role]
    site: str | SkipJsonSchema[None] = omitted_when_none()  # a factory user's site

    @classmethod
    def of(cls, principal: Principal) -> PrincipalOut:
        return cls.model_validate(principal.as_json())
