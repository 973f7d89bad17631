"""Calls, their rubric and policy, the panel, the ranking board and the call's audit trail."""

from __future__ import annotations

from chalice import Blueprint

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.program_models import (
    AuditList,
    CallCreate,
    CallList,
    CallOut,
    PageQuery,
    PanelIn,
    PanelOut,
    PanelOverview,
    PolicyEdit,
    RankingOut,
    RubricEdit,
)
from mdap.domain.identity import PROGRAM_ROLES, Principal
from mdap.program.access import require_staff
from mdap.program.services import Program, program

bp = Blueprint(__name__)
STAFF = ["staff", "admin"]


def _p() -> Program:
    return program(container())


@endpoint(bp, "/calls", roles=PROGRAM_ROLES, response=CallList, summary="Calls the caller may see", tag="calls")
def list_calls(principal: Principal) -> CallList:
    return CallList(items=[CallOut.model_validate(call) for call in _p().calls.list(principal)])


@endpoint(bp, "/calls", method="POST", roles=STAFF, body=CallCreate, response=CallOut, status=201,
          summary="Create a draft call from the 2022 template", tag="calls")
def create_call(principal: Principal, body: CallCreate) -> CallOut:
    call = _p().calls.create(principal, title_ko=body.title_ko, title_en=body.title_en, opens_at=body.opens_at,
                             closes_at=body.closes_at, places=body.places)
    return CallOut.model_validate(_p().calls.get(principal, call["id"]))


@endpoint(bp, "/calls/{call_id}", roles=PROGRAM_ROLES, response=CallOut, summary="One call", tag="calls", errors=(404,))
def get_call(principal: Principal, call_id: str) -> CallOut:
    return CallOut.model_validate(_p().calls.get(principal, call_id))


@endpoint(bp, "/calls/{call_id}/rubric", method="PUT", roles=STAFF, body=RubricEdit, response=CallOut,
          summary="Correct a draft call's rubric (problems are shown, never hidden)", tag="calls", errors=(404, 409))
def edit_rubric(principal: Principal, body: RubricEdit, call_id: str) -> CallOut:
    _p().calls.edit_rubric(principal, call_id, body.rubric, body.note)
    return CallOut.model_validate(_p().calls.get(principal, call_id))


@endpoint(bp, "/calls/{call_id}/policy", method="PUT", roles=STAFF, body=PolicyEdit, response=CallOut,
          summary="Set a draft call's selection policy (OP-1, OP-3, OP-4)", tag="calls", errors=(404, 409))
def edit_policy(principal: Principal, body: PolicyEdit, call_id: str) -> CallOut:
    _p().calls.edit_policy(principal, call_id, body.policy)
    return CallOut.model_validate(_p().calls.get(principal, call_id))


@endpoint(bp, "/calls/{call_id}/open", method="POST", roles=STAFF, response=CallOut,
          summary="Publish the call and start its selection round", tag="calls", errors=(404, 409, 422))
def open_call(principal: Principal, call_id: str) -> CallOut:
    _p().calls.open(principal, call_id)
    return CallOut.model_validate(_p().calls.get(principal, call_id))


@endpoint(bp, "/calls/{call_id}/panel", method="PUT", roles=STAFF, body=PanelIn, response=PanelOut,
          summary="Assign the evaluation panel (R-SEL-1)", tag="evaluations", errors=(404, 422))
def assign_panel(principal: Principal, body: PanelIn, call_id: str) -> PanelOut:
    _p().calls.record(call_id)
    return PanelOut.model_validate(_p().evaluation.assign_panel(principal, call_id, body.evaluators, body.chair))


@endpoint(bp, "/calls/{call_id}/panel", roles=STAFF, response=PanelOverview,
          summary="Declarations and submitted sheets per application (never the points)", tag="evaluations")
def panel_overview(principal: Principal, call_id: str) -> PanelOverview:
    return PanelOverview(items=_p().evaluation.overview(principal, call_id))


@endpoint(bp, "/calls/{call_id}/scoring/close", method="POST", roles=STAFF, response=None, status=204,
          summary="Close scoring before every sheet is in (each application needs the quorum)", tag="evaluations",
          errors=(422,))
def close_scoring(principal: Principal, call_id: str) -> None:
    _p().evaluation.close_scoring(principal, call_id)


@endpoint(bp, "/calls/{call_id}/ranking", roles=STAFF, response=RankingOut,
          summary="The ranking board: base, bonus, adopter fit, rank and status of each application", tag="calls",
          errors=(404,))
def ranking(principal: Principal, call_id: str) -> RankingOut:
    require_staff(principal)
    return RankingOut.model_validate(_p().evaluation.ranking(call_id))


@endpoint(bp, "/calls/{call_id}/audit", roles=STAFF, query=PageQuery, response=AuditList,
          summary="The call's audit trail", tag="audit")
def call_audit(principal: Principal, query: PageQuery, call_id: str) -> AuditList:
    items, cursor = _p().audit.entries("call", call_id, limit=query.limit, cursor=query.cursor)
    return AuditList(items=items, cursor=cursor)
