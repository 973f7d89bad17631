"""Projects: the applicant's steps (payment request, final report, supplement, plan changes), staff's interim
checks and clawbacks, the calendar, and the audit trail."""

from __future__ import annotations

from chalice import Blueprint

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.program_models import (
    AuditList,
    ClawbackIn,
    ClawbackList,
    ClawbackOut,
    InterimCheckIn,
    PageQuery,
    PaymentRequestIn,
    PlanChangeIn,
    PlanChangeOut,
    ProjectList,
    ProjectOut,
    ReportIn,
)
from mdap.domain.identity import PROGRAM_ROLES, Principal
from mdap.program.access import require_staff
from mdap.program.deciding import answer_as_applicant
from mdap.program.services import Program, program

bp = Blueprint(__name__)
APPLICANT = ["applicant"]
STAFF = ["staff", "admin"]


def _p() -> Program:
    return program(container())


def _applicant_step(principal: Principal, project_id: str, kind: str, answer: dict[str, object]) -> ProjectOut:
    p = _p()
    project = p.projects.record(project_id)
    p.access.require_member(principal, project["application_record"], "adopter")
    answer_as_applicant(p.approvals, principal, {"project": project_id}, kind, answer)
    return ProjectOut.model_validate(p.projects.get(principal, project_id))


@endpoint(bp, "/projects", roles=PROGRAM_ROLES, response=ProjectList, summary="Projects the caller may see",
          tag="projects")
def list_projects(principal: Principal) -> ProjectList:
    return ProjectList(items=[ProjectOut.model_validate(p) for p in _p().projects.list_for(principal)])


@endpoint(bp, "/projects/{project_id}", roles=PROGRAM_ROLES, response=ProjectOut,
          summary="One project with its calendar (KST dates by the documented convention)", tag="projects",
          errors=(404,))
def get_project(principal: Principal, project_id: str) -> ProjectOut:
    return ProjectOut.model_validate(_p().projects.get(principal, project_id))


@endpoint(bp, "/projects/{project_id}/payment-request", method="POST", roles=APPLICANT, body=PaymentRequestIn,
          response=ProjectOut, summary="Request the grant (within 14 days of signing, R-PAY-1)", tag="projects",
          errors=(403, 404, 409, 422))
def payment_request(principal: Principal, body: PaymentRequestIn, project_id: str) -> ProjectOut:
    p = _p()
    p.projects.request_payment(principal, project_id, body.documents, p.documents.present)
    return _applicant_step(principal, project_id, "payment_request", {"documents": body.documents})


@endpoint(bp, "/projects/{project_id}/final-report", method="POST", roles=APPLICANT, body=ReportIn,
          response=ProjectOut, summary="Submit the final report (R-FIN-2)", tag="projects",
          errors=(403, 404, 409, 422))
def final_report(principal: Principal, body: ReportIn, project_id: str) -> ProjectOut:
    return _applicant_step(principal, project_id, "final_report", {"document": body.document})


@endpoint(bp, "/projects/{project_id}/supplement", method="POST", roles=APPLICANT, body=ReportIn,
          response=ProjectOut, summary="Resubmit after a 'supplement' verdict (R-FIN-3)", tag="projects",
          errors=(403, 404, 409, 422))
def supplement(principal: Principal, body: ReportIn, project_id: str) -> ProjectOut:
    return _applicant_step(principal, project_id, "supplement", {"document": body.document})


@endpoint(bp, "/projects/{project_id}/plan-changes", method="POST", roles=APPLICANT, body=PlanChangeIn,
          response=PlanChangeOut, status=201,
          summary="Ask for a plan change or extension (refused after the cutoff, R-AGR-3)", tag="projects",
          errors=(403, 404, 409, 422))
def request_plan_change(principal: Principal, body: PlanChangeIn, project_id: str) -> PlanChangeOut:
    change = _p().projects.request_plan_change(principal, project_id, body.summary, body.extension_months)
    return PlanChangeOut.model_validate(change)


@endpoint(bp, "/projects/{project_id}/interim-checks", method="POST", roles=STAFF, body=InterimCheckIn,
          response=ProjectOut, summary="Record an interim check (R-FIN-1)", tag="projects", errors=(404,))
def interim_check(principal: Principal, body: InterimCheckIn, project_id: str) -> ProjectOut:
    require_staff(principal)
    return ProjectOut.model_validate(_p().projects.record_interim_check(principal, project_id, body.findings))


@endpoint(bp, "/projects/{project_id}/clawback", method="POST", roles=STAFF, body=ClawbackIn, response=ClawbackOut,
          status=201, summary="Open a clawback case (R-CLW-1, 2, 4; R-OBL-3)", tag="projects", errors=(404, 409))
def open_clawback(principal: Principal, body: ClawbackIn, project_id: str) -> ClawbackOut:
    return ClawbackOut.model_validate(_p().clawbacks.open_by_staff(principal, project_id, body.trigger, body.reason))


@endpoint(bp, "/clawbacks", roles=STAFF, response=ClawbackList, summary="Clawback cases", tag="projects")
def clawbacks(principal: Principal) -> ClawbackList:
    return ClawbackList(items=[ClawbackOut.model_validate(case) for case in _p().clawbacks.list(principal)])


@endpoint(bp, "/projects/{project_id}/audit", roles=STAFF, query=PageQuery, response=AuditList,
          summary="The project's audit trail", tag="audit")
def project_audit(principal: Principal, query: PageQuery, project_id: str) -> AuditList:
    items, cursor = _p().audit.entries("project", project_id, limit=query.limit, cursor=query.cursor)
    return AuditList(items=items, cursor=cursor)
