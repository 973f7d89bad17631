"""The approvals inbox: pending human steps, most urgent first, decided once (a second decision is 409)."""

from __future__ import annotations

from chalice import Blueprint

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.program_models import ApprovalList, ApprovalOut, DecisionIn, PageQuery
from mdap.domain.identity import Principal
from mdap.program.deciding import decide_as_staff
from mdap.program.services import Program, program

bp = Blueprint(__name__)
STAFF = ["staff", "admin"]


def _p() -> Program:
    return program(container())


@endpoint(bp, "/approvals", roles=STAFF, query=PageQuery, response=ApprovalList,
          summary="Pending approvals, most urgent first", tag="approvals")
def inbox(principal: Principal, query: PageQuery) -> ApprovalList:
    items, cursor = _p().approvals.inbox("staff", limit=query.limit, cursor=query.cursor)
    return ApprovalList(items=[ApprovalOut.model_validate(item) for item in items], cursor=cursor)


@endpoint(bp, "/approvals/{approval_id}", roles=STAFF, response=ApprovalOut, summary="One approval",
          tag="approvals", errors=(404,))
def get_approval(principal: Principal, approval_id: str) -> ApprovalOut:
    return ApprovalOut.model_validate(_p().approvals.get(approval_id))


@endpoint(bp, "/approvals/{approval_id}/decision", method="POST", roles=STAFF, body=DecisionIn,
          response=ApprovalOut, summary="Decide (idempotent: a second or late decision gets 409 and changes nothing)",
          tag="approvals", errors=(404, 409, 422))
def decide(principal: Principal, body: DecisionIn, approval_id: str) -> ApprovalOut:
    decided = decide_as_staff(_p(), principal, approval_id, body.model_dump(mode="json", exclude_none=True))
    return ApprovalOut.model_validate(decided)
