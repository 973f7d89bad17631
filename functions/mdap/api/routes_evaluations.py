"""The evaluator's side: assigned applications, the conflict-of-interest declaration, the score sheet."""

from __future__ import annotations

from decimal import Decimal

from chalice import Blueprint

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.program_models import (
    AssignedList,
    DeclarationIn,
    DeclarationOut,
    EvaluationView,
    SheetIn,
    SheetList,
    SheetOut,
)
from mdap.domain.identity import Principal
from mdap.domain.program.errors import IllegalTransition
from mdap.program.services import Program, program

bp = Blueprint(__name__)
EVALUATOR = ["evaluator"]


def _p() -> Program:
    return program(container())


@endpoint(bp, "/evaluations", roles=EVALUATOR, response=AssignedList,
          summary="Applications assigned to the caller (recused ones are gone)", tag="evaluations")
def assigned(principal: Principal) -> AssignedList:
    return AssignedList(items=_p().evaluation.assigned(principal))


@endpoint(bp, "/evaluations/{application_id}/declaration", method="POST", roles=EVALUATOR, body=DeclarationIn,
          response=DeclarationOut, summary="Declare a conflict of interest, or that there is none",
          tag="evaluations", errors=(404, 409))
def declare(principal: Principal, body: DeclarationIn, application_id: str) -> DeclarationOut:
    return DeclarationOut.model_validate(_p().evaluation.declare(principal, application_id, body.conflict, body.note))


@endpoint(bp, "/evaluations/{application_id}", roles=EVALUATOR, response=EvaluationView,
          summary="The application, the rubric and the caller's own sheet (after declaring no conflict)",
          tag="evaluations", errors=(404, 409))
def evaluation_view(principal: Principal, application_id: str) -> EvaluationView:
    p = _p()
    entry = next((a for a in p.evaluation.assigned(principal) if a["application"] == application_id), None)
    if entry is None or entry["declaration"] != "cleared":
        raise IllegalTransition("declare that there is no conflict of interest first",
                                message_ko="이해충돌 여부를 먼저 제출하세요.")
    app = p.applications.get(principal, application_id)
    return EvaluationView(application=app, rubric=p.calls.record(app["call_id"])["rubric"],
                          sheet=p.evaluation.my_sheet(principal, application_id))


@endpoint(bp, "/evaluations/{application_id}/sheet", method="PUT", roles=EVALUATOR, body=SheetIn,
          response=SheetOut, summary="Save the score sheet (autosave) or submit it (then it is locked)",
          tag="evaluations", errors=(400, 404, 409))
def save_sheet(principal: Principal, body: SheetIn, application_id: str) -> SheetOut:
    items = {item: Decimal(str(points)) for item, points in body.items.items()}
    return SheetOut.model_validate(_p().evaluation.save_sheet(principal, application_id, items, body.comments,
                                                              body.submit))


@endpoint(bp, "/applications/{application_id}/sheets", roles=["staff", "admin"], response=SheetList,
          summary="Every submitted score sheet of an application (staff)", tag="evaluations")
def sheets(principal: Principal, application_id: str) -> SheetList:
    return SheetList(items=_p().evaluation.sheets(principal, application_id))
