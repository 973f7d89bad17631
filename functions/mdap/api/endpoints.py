"""Declared routes: one decorator gives a route its models, its roles and its entry in /openapi.json.

A view receives the principal (routes with roles), the validated body model, the validated query model and
the path parameters, in that order, and returns an instance of its response model, a ``Reply`` (another
declared status, extra headers such as Set-Cookie), or None for 204. All the per-request work is what
``protected``, ``json_body`` and ``mapped_errors`` do plus one model dump; the schemas are built only for
the document (``mdap.api.openapi``).
"""

from __future__ import annotations

import functools
import inspect
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chalice import Blueprint, Response
from pydantic import BaseModel, ValidationError

from mdap.api.errors import BadRequest
from mdap.api.http import invalid_input, json_body, json_response, mapped_errors, protected

PATH_PARAMETER = re.compile(r"{(\w+)\+?}")
NO_CONTENT = (204, 304)  # answers without a body: No Content, Not Modified (a conditional GET's ETag matched)
View = Callable[..., Any]


@dataclass(frozen=True)
class Rendered:
    """A response model validated and serialised once, for an answer many requests share (the monitoring status
    that 50 pages poll): the requests then only copy its text."""

    model: type[BaseModel]
    text: str

    @classmethod
    def of(cls, instance: BaseModel) -> Rendered:
        return cls(type(instance), json.dumps(instance.model_dump(mode="json", by_alias=True), ensure_ascii=False))


@dataclass(frozen=True)
class Reply:
    """A view's answer when the plain response model is not enough: another declared status, or headers."""

    body: BaseModel | Rendered | None
    status: int | None = None  # None: the endpoint's own status
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    roles: tuple[str, ...] | None  # None: a public route
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | None  # None: no content (204)
    status: int
    summary: str
    tag: str
    errors: tuple[int, ...]  # refusal statuses documented beyond the standard ones
    operation_id: str
    responses: Mapping[int, type[BaseModel] | None]  # other answers that are not refusals (503 of /health)
    files: tuple[str, ...] = ()  # media types the view may answer with as a Download instead of its model

    @property
    def protected(self) -> bool:
        return self.roles is not None

    @property
    def path_parameters(self) -> tuple[str, ...]:
        return tuple(PATH_PARAMETER.findall(self.path))

    @property
    def replies(self) -> dict[int, type[BaseModel] | None]:
        """Every status a view may answer with, and its model."""
        return {self.status: self.response, **self.responses}


@dataclass(frozen=True)
class Download:
    """A view's answer as a file (a chart's CSV export) instead of its JSON model: text sent as UTF-8."""

    text: str
    media_type: str
    filename: str  # ASCII: the Content-Disposition file name


# Every declared route, keyed by the function that adapts its view to Chalice (one per `endpoint` call).
ENDPOINTS: dict[View, Endpoint] = {}


def endpoint(blueprint: Blueprint, path: str, *, method: str = "GET", roles: Iterable[str] | None = None,
             body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
             response: type[BaseModel] | None = None, status: int = 200, summary: str = "", tag: str = "",
             errors: Iterable[int] = (), responses: Mapping[int, type[BaseModel] | None] | None = None,
             files: Iterable[str] = ()) -> Callable[[View], View]:
    """Register ``path`` on ``blueprint`` for one method; ``roles=None`` makes it public (no authorizer).
    ``files``: media types (``text/csv``) the view may answer with as a Download, beside its JSON model."""

    def decorate(view: View) -> View:
        declared = Endpoint(
            path=path, method=method.upper(), roles=None if roles is None else tuple(roles), body=body, query=query,
            response=response, status=status, summary=summary or _first_line(view.__doc__) or view.__name__,
            tag=tag or path.strip("/").split("/")[0], errors=tuple(sorted(set(errors))),
            operation_id=view.__name__, responses=dict(responses or {}), files=tuple(files),
        )
        _check(declared, view)
        adapter = _adapter(blueprint, declared, view)
        ENDPOINTS[adapter] = declared
        if declared.roles is None:
            blueprint.route(path, methods=[declared.method])(mapped_errors(adapter))
        else:
            protected(blueprint, path, roles=declared.roles, methods=[declared.method])(adapter)
        return view

    return decorate


def declared_endpoint(view_function: View) -> Endpoint | None:
    """The Endpoint behind a Chalice route's view function, through the wrappers around it."""
    function: View | None = view_function
    while function is not None:
        found = ENDPOINTS.get(function)
        if found is not None:
            return found
        function = getattr(function, "__wrapped__", None)
    return None


def _adapter(blueprint: Blueprint, declared: Endpoint, view: View) -> View:
    readers: list[Callable[[], BaseModel]] = []
    if declared.body is not None:
        readers.append(functools.partial(json_body, blueprint, declared.body))
    if declared.query is not None:
        readers.append(functools.partial(_query, blueprint, declared.query, _query_names(declared.query)))
    replies = declared.replies

    @functools.wraps(view)
    def adapter(*principal: Any, **path_parameters: str) -> Response:
        return _respond(declared, replies, view(*principal, *(read() for read in readers), **path_parameters))

    return adapter


def _query(blueprint: Blueprint, model: type[BaseModel], names: frozenset[str]) -> BaseModel:
    request = blueprint.current_request
    given = request.query_params if request is not None else None
    values: dict[str, str] = {}
    for name in given or ():
        if name not in names:
            raise BadRequest(f"{name}: unknown query parameter", field=name,
                             message_ko=f"{name}: 알 수 없는 쿼리 매개변수입니다.")
        sent = given.getlist(name) if given is not None else []
        if len(sent) != 1:
            raise BadRequest(f"{name}: give one value", field=name, message_ko=f"{name}: 값은 하나만 보낼 수 있습니다.")
        values[name] = sent[0]
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise invalid_input(exc, "query") from None


def _query_names(model: type[BaseModel]) -> frozenset[str]:
    by_name = bool(model.model_config.get("validate_by_name") or model.model_config.get("populate_by_name"))
    names: set[str] = set()
    for name, info in model.model_fields.items():
        alias = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
        names.add(alias or name)
        if by_name or not alias:
            names.add(name)
    return frozenset(names)


def _respond(declared: Endpoint, replies: Mapping[int, type[BaseModel] | None], result: Any) -> Response:
    status, model, headers = declared.status, result, None
    if isinstance(result, Download):
        if result.media_type not in declared.files:
            raise TypeError(f"{declared.operation_id} answered a {result.media_type} file, which it does not declare")
        return Response(body=result.text, status_code=status, headers={
            "Content-Type": f"{result.media_type}; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{result.filename}"', "Cache-Control": "no-store"})
    if isinstance(result, Reply):
        status, model, headers = result.status or declared.status, result.body, dict(result.headers)
    if status not in replies:
        raise TypeError(f"{declared.operation_id} answered {status}, which it does not declare")
    expected = replies[status]
    if expected is None and model is None:
        plain: dict[str, str | list[str]] = {**(headers or {})}
        return Response(body="", status_code=status, headers=plain)
    if isinstance(model, Rendered) and model.model is expected:
        return Response(body=model.text, status_code=status,
                        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    if expected is None or not isinstance(model, expected):
        raise TypeError(f"{declared.operation_id} answered {status} with {type(model).__name__}, "
                        f"not {getattr(expected, '__name__', 'no content')}")
    return json_response(model.model_dump(mode="json", by_alias=True), status, headers)


def _check(declared: Endpoint, view: View) -> None:
    """Mistakes in a declaration fail at import, not on the first request."""
    for answer, model in declared.replies.items():
        if (answer in NO_CONTENT) != (model is None):
            needs = "no response model" if answer in NO_CONTENT else "a response model (a BaseModel class)"
            raise ValueError(f"{declared.operation_id}: status {answer} needs {needs}")
        if model is not None and not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise TypeError(f"{declared.operation_id}: the response must be a BaseModel class (wrap lists in one)")
    if declared.roles == ():
        raise ValueError(f"{declared.operation_id}: roles=[] lets nobody in; use roles=None for a public route")
    clash = set(declared.errors) & set(declared.replies)
    if clash:
        raise ValueError(f"{declared.operation_id}: {sorted(clash)} are both answers and refusals")
    given = [None] * ((declared.roles is not None) + (declared.body is not None) + (declared.query is not None))
    try:
        inspect.signature(view).bind(*given, **dict.fromkeys(declared.path_parameters, ""))
    except TypeError as exc:
        raise TypeError(f"{declared.operation_id} must take (principal if roles, body if body=, query if query=, "
                        f"then the path parameters {list(declared.path_parameters)} by name): {exc}") from None


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n")[0].strip()
