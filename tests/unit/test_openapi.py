"""Declared endpoints (a throwaway app through the platform's own gateway and guard) and the OpenAPI 3.1
document generated from them and from the real app."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from chalice import Blueprint, Chalice, Response
from openapi_spec_validator import OpenAPIV31SpecValidator
from pydantic import BaseModel, Field

from mdap.api.app import app as real_app
from mdap.api.endpoints import ENDPOINTS, Download, Endpoint, Reply, declared_endpoint, endpoint
from mdap.api.guard import guard
from mdap.api.models import PrincipalOut, Role
from mdap.api.openapi import TITLE, UndeclaredRoutes, document_json, document_view, openapi_document
from mdap.domain.identity import ROLES, Principal
from mdap.localserver.gateway import VerifyingGateway


class BookIn(BaseModel):
    title: str = Field(min_length=1)


class Placement(BaseModel):
    position: int = Field(default=0, ge=0, description="Where on the shelf")
    dry_run: bool = False


class Listing(BaseModel):
    limit: int = Field(ge=1, le=50)


class BookOut(BaseModel):
    shelf: str
    title: str
    position: int
    added_by: str


class ShelfOut(BaseModel):
    shelf: str
    limit: int


class VisitOut(BaseModel):
    shelf: str


TOKENS = {
    "staff": {"sub": "u-staff", "email": "staff@example.kr", "cognito:groups": ["staff"]},
    "admin": {"sub": "u-admin", "email": "admin@example.kr", "cognito:groups": ["admin"]},
    "applicant": {"sub": "u-app", "email": "app@example.kr", "cognito:groups": ["applicant"]},
}


def _throwaway_app() -> Chalice:
    bp = Blueprint(__name__)

    @endpoint(bp, "/shelves/{shelf}/books", method="POST", roles=["staff", "admin"], body=BookIn, query=Placement,
              response=BookOut, status=201, summary="Put a book on a shelf", tag="shelves", errors=(404, 409))
    def add_book(principal: Principal, body: BookIn, query: Placement, shelf: str) -> BookOut:
        return BookOut(shelf=shelf, title=body.title, position=query.position, added_by=principal.sub)

    @endpoint(bp, "/shelves/{shelf}", query=Listing, response=ShelfOut, summary="Look at a shelf", tag="shelves",
              errors=(429,))
    def get_shelf(query: Listing, shelf: str) -> ShelfOut:
        return ShelfOut(shelf=shelf, limit=query.limit)

    @endpoint(bp, "/shelves/{shelf}/visits", method="POST", response=VisitOut, responses={202: VisitOut},
              summary="Record a visit", tag="shelves")
    def visit(shelf: str) -> Reply:
        return Reply(VisitOut(shelf=shelf), status=202, headers={"Set-Cookie": "seen=1; HttpOnly"})

    @endpoint(bp, "/shelves/{shelf}", method="DELETE", roles=["admin"], status=204, summary="Remove a shelf",
              tag="shelves")
    def remove_shelf(principal: Principal, shelf: str) -> None:
        return None

    @endpoint(bp, "/shelves/{shelf}/misdeclared", response=VisitOut, summary="Answers what it does not declare",
              tag="shelves")
    def misdeclared(shelf: str) -> Any:
        return ShelfOut(shelf=shelf, limit=1)

    @endpoint(bp, "/shelves/{shelf}/export", response=ShelfOut, summary="A shelf, or its list as a file",
              tag="shelves", files=("text/csv",))
    def export_shelf(shelf: str) -> Download:
        return Download("shelf,title\n" + shelf + ",제조 데이터\n", "text/csv", f"{shelf}.csv")

    @endpoint(bp, "/shelves/{shelf}/export-undeclared", response=ShelfOut, summary="A file it does not declare",
              tag="shelves")
    def export_undeclared(shelf: str) -> Download:
        return Download("", "text/csv", f"{shelf}.csv")

    app = Chalice(app_name="throwaway")
    app.register_middleware(guard, "http")
    app.register_blueprint(bp)
    return app


APP = _throwaway_app()
GATEWAY = VerifyingGateway(APP, lambda token: TOKENS[token])


def call(method: str, path: str, *, query: str = "", token: str = "", body: Any = None
         ) -> tuple[int, dict[str, str], Any]:
    headers = {"authorization": token} if token else {}
    raw = b"" if body is None else json.dumps(body).encode()
    if raw:
        headers["content-type"] = "application/json"
    status, reply_headers, payload = GATEWAY.call(method, path, query, headers, raw)
    return status, reply_headers, json.loads(payload) if payload else None


# -- the decorator --------------------------------------------------------------------------------------
def test_view_receives_principal_body_query_and_path_parameters() -> None:
    status, headers, body = call("POST", "/shelves/s-1/books", query="position=3&dry_run=true", token="staff",
                                 body={"title": "제조 데이터"})
    assert status == 201
    assert headers["Content-Type"].startswith("application/json")
    assert body == {"shelf": "s-1", "title": "제조 데이터", "position": 3, "added_by": "u-staff"}


def test_query_fields_take_their_defaults_when_absent() -> None:
    status, _, body = call("POST", "/shelves/s-2/books", token="admin", body={"title": "x"})
    assert (status, body["position"], body["added_by"]) == (201, 0, "u-admin")


@pytest.mark.parametrize(("query", "field"), [("colour=red", "colour"), ("position=abc", "position"),
                                              ("position=-1", "position"), ("position=1&position=2", "position")])
def test_bad_query_is_refused_with_400_naming_the_parameter(query: str, field: str) -> None:
    status, _, body = call("POST", "/shelves/s/books", query=query, token="staff", body={"title": "x"})
    assert status == 400
    assert (body["code"], body["field"]) == ("bad_request", field)
    assert body["message"].startswith(f"{field}: ")


def test_required_query_parameter_missing_is_named() -> None:
    status, _, body = call("GET", "/shelves/s")
    assert (status, body["field"]) == (400, "limit")
    assert call("GET", "/shelves/s", query="limit=5")[2] == {"shelf": "s", "limit": 5}


def test_bad_body_is_refused_with_400_naming_the_field() -> None:
    status, _, body = call("POST", "/shelves/s/books", token="staff", body={"title": ""})
    assert (status, body["code"], body["field"]) == (400, "bad_request", "title")


def test_role_outside_the_declared_ones_is_refused_before_the_body_is_read() -> None:
    status, _, body = call("POST", "/shelves/s/books", token="applicant", body={"wrong": True})
    assert (status, body["code"]) == (403, "forbidden")
    assert call("POST", "/shelves/s/books", body={"title": "x"})[0] == 401


def test_reply_sets_its_own_status_and_headers() -> None:
    status, headers, body = call("POST", "/shelves/s-9/visits")
    assert (status, body) == (202, {"shelf": "s-9"})
    assert headers["Set-Cookie"] == "seen=1; HttpOnly"


def test_no_content_answers_204_with_an_empty_body() -> None:
    status, _, body = call("DELETE", "/shelves/s-9", token="admin")
    assert (status, body) == (204, None)
    assert call("DELETE", "/shelves/s-9", token="staff")[0] == 403


def test_an_answer_the_endpoint_does_not_declare_is_a_server_error() -> None:
    assert call("GET", "/shelves/s/misdeclared")[0] == 500


def test_a_declared_file_is_sent_as_an_attachment_and_an_undeclared_one_is_a_server_error() -> None:
    status, headers, payload = GATEWAY.call("GET", "/shelves/s-3/export", "", {}, b"")
    assert (status, headers["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert headers["Content-Disposition"] == 'attachment; filename="s-3.csv"'
    assert payload.decode() == "shelf,title\ns-3,제조 데이터\n"
    assert call("GET", "/shelves/s-3/export-undeclared")[0] == 500


def test_every_endpoint_is_recorded_with_its_declaration() -> None:
    declared = declared_endpoint(APP.routes["/shelves/{shelf}/books"]["POST"].view_function)
    assert declared == Endpoint(path="/shelves/{shelf}/books", method="POST", roles=("staff", "admin"), body=BookIn,
                                query=Placement, response=BookOut, status=201, summary="Put a book on a shelf",
                                tag="shelves", errors=(404, 409), operation_id="add_book", responses={})
    assert declared in ENDPOINTS.values()
    assert declared.path_parameters == ("shelf",)


@pytest.mark.parametrize("mistake", [
    {"status": 204, "response": VisitOut},
    {"status": 200, "response": None},
    {"roles": [], "response": VisitOut},
    {"response": list[VisitOut]},
    {"response": VisitOut, "errors": (200,)},
])
def test_declaration_mistakes_fail_at_import(mistake: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError)):
        endpoint(Blueprint("mistakes"), "/x/{thing}", **mistake)(lambda thing: None)


def test_a_view_whose_parameters_do_not_match_the_declaration_fails_at_import() -> None:
    def wrong_order(shelf: str, body: BookIn) -> BookOut:
        raise AssertionError("never called")

    with pytest.raises(TypeError, match="path parameters"):
        endpoint(Blueprint("mistakes"), "/x/{thing}", method="POST", body=BookIn, response=BookOut)(wrong_order)


# -- the document ---------------------------------------------------------------------------------------
def test_throwaway_document_describes_parameters_bodies_and_answers() -> None:
    document = openapi_document(APP)
    OpenAPIV31SpecValidator(document).validate()
    add = document["paths"]["/shelves/{shelf}/books"]["post"]
    assert add["parameters"] == [
        {"name": "shelf", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "position", "in": "query", "required": False, "description": "Where on the shelf",
         "schema": {"default": 0, "minimum": 0, "title": "Position", "type": "integer",
                    "description": "Where on the shelf"}},
        {"name": "dry_run", "in": "query", "required": False,
         "schema": {"default": False, "title": "Dry Run", "type": "boolean"}},
    ]
    assert add["requestBody"] == {"required": True,
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BookIn"}}}}
    assert set(add["responses"]) == {"201", "400", "401", "403", "404", "409", "413", "415"}
    assert add["security"] == [{"bearer": []}] and add["x-roles"] == ["staff", "admin"]
    shelf = document["paths"]["/shelves/{shelf}"]
    assert shelf["get"]["parameters"][1] == {"name": "limit", "in": "query", "required": True,
                                             "schema": {"maximum": 50, "minimum": 1, "title": "Limit",
                                                        "type": "integer"}}
    assert set(shelf["get"]["responses"]) == {"200", "400", "429"} and shelf["get"]["security"] == []
    assert shelf["delete"]["responses"]["204"] == {"description": "No Content"}
    assert set(document["paths"]["/shelves/{shelf}/visits"]["post"]["responses"]) == {"200", "202"}
    export = document["paths"]["/shelves/{shelf}/export"]["get"]["responses"]["200"]["content"]
    assert export == {"application/json": {"schema": {"$ref": "#/components/schemas/ShelfOut"}},
                      "text/csv": {"schema": {"type": "string"}}}


def test_a_route_not_declared_makes_the_document_fail() -> None:
    bp = Blueprint("undeclared")

    @bp.route("/plain")
    def plain() -> Response:
        return Response(body="{}")

    @bp.route("/document.json")
    @document_view
    def document() -> Response:
        return Response(body="{}")

    app = Chalice(app_name="undeclared")
    app.register_blueprint(bp)
    with pytest.raises(UndeclaredRoutes, match=r"GET /plain") as raised:
        openapi_document(app)
    assert "document.json" not in str(raised.value)


def test_two_views_of_the_same_name_make_the_document_fail() -> None:
    first, second = Blueprint("first"), Blueprint("second")
    for bp, path in ((first, "/a"), (second, "/b")):
        @endpoint(bp, path, response=VisitOut)
        def same_name() -> VisitOut:
            return VisitOut(shelf="")

    app = Chalice(app_name="twins")
    app.register_blueprint(first)
    app.register_blueprint(second)
    with pytest.raises(UndeclaredRoutes, match="same_name"):
        openapi_document(app)


# -- the real app's document ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document(real_app)


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    OpenAPIV31SpecValidator(document).validate()
    assert document["servers"] == [{"url": "/api"}]
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer",
                                                                  "bearerFormat": "JWT"}


def test_every_route_of_the_app_is_in_the_document(document: dict[str, Any]) -> None:
    routes = {(path, method.lower()) for path, entries in real_app.routes.items() for method in entries}
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes - documented == {("/openapi.json", "get")}
    assert documented <= routes
    assert {("/auth/login", "post"), ("/me", "get"), ("/admin/users", "get"), ("/health", "get")} <= documented


def test_every_ref_resolves_and_no_defs_are_left(document: dict[str, Any]) -> None:
    text = json.dumps(document)
    assert "$defs" not in text
    refs = _refs(document)
    assert refs, "the document refers to its schemas"
    for ref in refs:
        node: Any = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert isinstance(node, dict) and node, ref


def test_korean_title_survives_serialisation(document: dict[str, Any]) -> None:
    assert document["info"]["title"] == TITLE == "제조데이터 활성화 플랫폼 API"
    served = document_json(real_app)
    assert '"title": "제조데이터 활성화 플랫폼 API"' in served
    assert json.loads(served) == document
    assert document_json(real_app) is served  # built once per process


def test_public_and_protected_routes_have_the_right_security(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for public in (paths["/auth/login"]["post"], paths["/auth/refresh"]["post"], paths["/health"]["get"]):
        assert public["security"] == []
    assert not {"401", "403"} & set(paths["/health"]["get"]["responses"])
    for protected in (paths["/me"]["get"], paths["/admin/users"]["get"]):
        assert protected["security"] == [{"bearer": []}]
        assert {"401", "403"} <= set(protected["responses"])
    assert paths["/admin/users"]["get"]["x-roles"] == ["admin"]
    assert set(paths["/me"]["get"]["x-roles"]) == set(ROLES)


def test_bodies_and_answers_reference_their_models(document: dict[str, Any]) -> None:
    paths, schemas = document["paths"], document["components"]["schemas"]
    login = paths["/auth/login"]["post"]
    assert _schema_name(login["requestBody"]) == "LoginRequest"
    assert _schema_name(login["responses"]["200"]) == "SessionOut"
    assert _schema_name(login["responses"]["429"]) == "Refusal"
    assert _schema_name(paths["/me"]["get"]["responses"]["200"]) == "PrincipalOut"
    assert _schema_name(paths["/health"]["get"]["responses"]["503"]) == "HealthReport"
    chart = paths["/dashboards/{chart}"]["get"]["responses"]["200"]["content"]  # ?format=csv: the chart as a file
    assert set(chart) == {"application/json", "text/csv"} and chart["text/csv"]["schema"] == {"type": "string"}
    assert set(schemas["SessionOut"]["required"]) == {"id_token", "expires_at", "session_expires_at", "user"}
    assert schemas["SessionOut"]["properties"]["refresh_token"] == {"title": "Refresh Token", "type": "string"}
    assert set(schemas["Refusal"]["required"]) == {"code", "message", "message_en"}
    assert set(schemas["Refusal"]["properties"]) == {"code", "message", "message_en", "field", "retry_after"}


def test_role_type_lists_exactly_the_domain_roles() -> None:
    assert set(get_args(Role)) == set(ROLES)
    principal = Principal("s", "e@x.kr", "E", frozenset({"staff", "admin"}))
    assert PrincipalOut.of(principal).model_dump(mode="json") == principal.as_json()


def _schema_name(response: dict[str, Any]) -> str:
    ref: str = response["content"]["application/json"]["schema"]["$ref"]
    return ref.removeprefix("#/components/schemas/")


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [ref for key, value in node.items()
                for ref in ([value] if key == "$ref" else _refs(value))]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []
