"""/openapi.json: the OpenAPI 3.1 document of the app, built from its declared endpoints and their pydantic
models, never written by hand. A route that is not declared makes the document fail: the web app's client
types are generated from it, so a route missing from it would be a route the client cannot see."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from chalice import Chalice
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from mdap.api.endpoints import PATH_PARAMETER, Endpoint, View, declared_endpoint
from mdap.api.models import Refusal

TITLE = "제조데이터 활성화 플랫폼 API"
SCHEMAS = "#/components/schemas/"
BEARER = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
_DOCUMENT_VIEWS: set[View] = set()
Refs = Mapping[tuple[Any, JsonSchemaMode], dict[str, Any]]


class UndeclaredRoutes(RuntimeError):
    """Routes registered without ``endpoint``: they would be missing from the document."""


def document_view(view: View) -> View:
    """Mark the view that serves the document, the one route that is not in it."""
    _DOCUMENT_VIEWS.add(view)
    return view


@functools.lru_cache(maxsize=4)
def document_json(app: Chalice) -> str:
    """The document as JSON text, built once per app and process."""
    return json.dumps(openapi_document(app), ensure_ascii=False)


def openapi_document(app: Chalice) -> dict[str, Any]:
    operations = _operations(app)
    refs, schemas = _schemas(endpoint for _, _, endpoint in operations)
    paths: dict[str, dict[str, Any]] = {}
    for path, method, declared in operations:
        paths.setdefault(path, {})[method.lower()] = _operation(path, declared, refs, schemas)
    document = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": _version()},
        "servers": [{"url": "/api"}],
        "tags": [{"name": tag} for tag in sorted({declared.tag for _, _, declared in operations})],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {"bearer": BEARER}},
    }
    _check_refs(document, schemas)
    return document


def _operations(app: Chalice) -> list[tuple[str, str, Endpoint]]:
    found: list[tuple[str, str, Endpoint]] = []
    undeclared: list[str] = []
    ids: dict[str, list[str]] = {}
    for path, entries in sorted(app.routes.items()):
        for method, entry in sorted(entries.items()):
            declared = declared_endpoint(entry.view_function)
            if declared is not None:
                found.append((path, method, declared))
                ids.setdefault(declared.operation_id, []).append(f"{method} {path}")
            elif entry.view_function not in _DOCUMENT_VIEWS:
                undeclared.append(f"{method} {path} ({entry.view_name})")
    if undeclared:
        raise UndeclaredRoutes("declare these routes with mdap.api.endpoints.endpoint: " + ", ".join(undeclared))
    shared = {name: where for name, where in ids.items() if len(where) > 1}
    if shared:
        raise UndeclaredRoutes(f"operation ids (view names) must be unique: {shared}")
    return found


def _schemas(endpoints: Iterator[Endpoint]) -> tuple[Refs, dict[str, Any]]:
    """Every model once per mode (bodies and queries as validated, responses as serialised), named by pydantic:
    the class name, module-qualified only when two classes share it, -Input/-Output when the modes differ."""
    wanted: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {(Refusal, "serialization"): None}
    for declared in endpoints:
        for model in (declared.body, declared.query):
            if model is not None:
                wanted[(model, "validation")] = None
        for model in declared.replies.values():
            if model is not None:
                wanted[(model, "serialization")] = None
    refs, top = models_json_schema(list(wanted), ref_template=SCHEMAS + "{model}")
    return refs, dict(sorted(top.get("$defs", {}).items()))


def _operation(path: str, declared: Endpoint, refs: Refs, schemas: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": declared.operation_id, "summary": declared.summary,
                                 "tags": [declared.tag]}
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in PATH_PARAMETER.findall(path)]
    if declared.query is not None:
        parameters += _query_parameters(refs[(declared.query, "validation")], schemas)
    if parameters:
        operation["parameters"] = parameters
    if declared.body is not None:
        required = any(info.is_required() for info in declared.body.model_fields.values())
        operation["requestBody"] = {"required": required,
                                    "content": _json(refs[(declared.body, "validation")])}
    operation["responses"] = _responses(declared, refs)
    operation["security"] = [{"bearer": []}] if declared.protected else []
    if declared.roles:
        operation["x-roles"] = list(declared.roles)
    return operation


def _query_parameters(ref: dict[str, Any], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    schema = schemas[ref["$ref"].removeprefix(SCHEMAS)]
    required = set(schema.get("required", ()))
    parameters = []
    for name, field in schema.get("properties", {}).items():
        parameter = {"name": name, "in": "query", "required": name in required, "schema": dict(field)}
        if "description" in field:
            parameter["description"] = field["description"]
        parameters.append(parameter)
    return parameters


def _responses(declared: Endpoint, refs: Refs) -> dict[str, Any]:
    responses: dict[int, dict[str, Any]] = {}
    for status, model in declared.replies.items():
        responses[status] = {"description": HTTPStatus(status).phrase}
        if model is not None:
            responses[status]["content"] = _json(refs[(model, "serialization")])
    for media_type in declared.files:  # the same answer as a file (?format=csv): UTF-8 text
        responses[declared.status].setdefault("content", {})[media_type] = {"schema": {"type": "string"}}
    refusal = _json(refs[(Refusal, "serialization")])
    for status in _refusal_statuses(declared):
        responses[status] = {"description": HTTPStatus(status).phrase, "content": refusal}
    return {str(status): responses[status] for status in sorted(responses)}


def _refusal_statuses(declared: Endpoint) -> set[int]:
    statuses = set(declared.errors)
    if declared.body is not None or declared.query is not None:
        statuses.add(400)
    if declared.body is not None:
        statuses |= {413, 415}
    if declared.protected:
        statuses |= {401, 403}
    return statuses


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _check_refs(document: dict[str, Any], schemas: dict[str, Any]) -> None:
    dangling = sorted({ref for ref in _refs(document) if ref.removeprefix(SCHEMAS) not in schemas
                       or not ref.startswith(SCHEMAS)})
    if dangling:
        raise ValueError(f"the document refers to schemas it does not hold: {dangling}")


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _version() -> str:
    try:
        return version("mdap")
    except PackageNotFoundError:  # the Lambda bundle ships the package without its metadata
        return "0+unpackaged"
