"""Organisations, applications, their members, consents, documents, review checklist and audit trail."""

from __future__ import annotations

from chalice import Blueprint

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.program_models import (
    AnswerIn,
    ApplicationCreate,
    ApplicationList,
    ApplicationOut,
    ApplicationsQuery,
    AuditList,
    ChecklistOut,
    ConsentIn,
    ConsentText,
    DocumentList,
    DocumentOut,
    DownloadOut,
    MemberInvite,
    OrganisationIn,
    OrganisationOut,
    PageQuery,
    ReviewDecisionIn,
    SectionIn,
    UploadIn,
    UploadOut,
)
from mdap.domain.identity import Principal
from mdap.ports.errors import NotFound
from mdap.program.access import require_staff
from mdap.program.consent import CONSENT_TEXT
from mdap.program.deciding import answer_as_applicant
from mdap.program.services import Program, program

bp = Blueprint(__name__)
APPLICANT = ["applicant"]
READERS = ["applicant", "evaluator", "staff", "admin"]
STAFF = ["staff", "admin"]


def _p() -> Program:
    return program(container())


def _out(principal: Principal, app_id: str) -> ApplicationOut:
    return ApplicationOut.model_validate(_p().applications.get(principal, app_id))


@endpoint(bp, "/organisations/me", method="PUT", roles=APPLICANT, body=OrganisationIn, response=OrganisationOut,
          summary="Join the caller to its company (business registration number checked)", tag="applications",
          errors=(422,))
def join_organisation(principal: Principal, body: OrganisationIn) -> OrganisationOut:
    return OrganisationOut.model_validate(_p().applications.join_organisation(principal, body.brn, body.name))


@endpoint(bp, "/organisations/me", roles=APPLICANT, response=OrganisationOut, summary="The caller's company",
          tag="applications", errors=(404,))
def my_organisation(principal: Principal) -> OrganisationOut:
    org = _p().access.organisation(principal)
    if org is None:
        raise NotFound("you belong to no company yet")
    return OrganisationOut.model_validate(org)


@endpoint(bp, "/consent", roles=None, response=ConsentText, summary="The consent text applicants are asked to read",
          tag="applications")
def consent_text() -> ConsentText:
    return ConsentText.model_validate(CONSENT_TEXT)


@endpoint(bp, "/applications", roles=READERS, query=ApplicationsQuery, response=ApplicationList,
          summary="Applications the caller may see (staff: per call)", tag="applications")
def list_applications(principal: Principal, query: ApplicationsQuery) -> ApplicationList:
    apps = _p().applications.list_for(principal, query.call_id)
    return ApplicationList(items=[ApplicationOut.model_validate(app) for app in apps])


@endpoint(bp, "/applications", method="POST", roles=APPLICANT, body=ApplicationCreate, response=ApplicationOut,
          status=201, summary="Create a draft application (임시저장 until submitted)", tag="applications",
          errors=(404, 409, 422))
def create_application(principal: Principal, body: ApplicationCreate) -> ApplicationOut:
    app = _p().applications.create(principal, body.call_id, body.kind, body.adopter_name, body.adopter_brn)
    return ApplicationOut.model_validate(app)


@endpoint(bp, "/applications/{application_id}", roles=READERS, response=ApplicationOut, summary="One application",
          tag="applications", errors=(404,))
def get_application(principal: Principal, application_id: str) -> ApplicationOut:
    return _out(principal, application_id)


@endpoint(bp, "/applications/{application_id}/members", method="POST", roles=APPLICANT, body=MemberInvite,
          response=ApplicationOut, summary="Invite a supplier company's person (R-PRG-4)", tag="applications",
          errors=(403, 404, 409, 422))
def invite_member(principal: Principal, body: MemberInvite, application_id: str) -> ApplicationOut:
    return ApplicationOut.model_validate(_p().applications.invite(principal, application_id, body.role, body.name,
                                                                  body.brn, body.email))


@endpoint(bp, "/applications/{application_id}/accept", method="POST", roles=APPLICANT, response=ApplicationOut,
          summary="Accept an invitation to an application", tag="applications", errors=(403, 404))
def accept_invitation(principal: Principal, application_id: str) -> ApplicationOut:
    return ApplicationOut.model_validate(_p().applications.accept_invitation(principal, application_id))


@endpoint(bp, "/applications/{application_id}/sections/{role}", method="PUT", roles=APPLICANT, body=SectionIn,
          response=ApplicationOut, summary="Save a member's own section", tag="applications",
          errors=(403, 404, 409))
def save_section(principal: Principal, body: SectionIn, application_id: str, role: str) -> ApplicationOut:
    return ApplicationOut.model_validate(_p().applications.update_section(
        principal, application_id, role, body.section, body.qualifications, body.completed))


@endpoint(bp, "/applications/{application_id}/consent", method="PUT", roles=APPLICANT, body=ConsentIn,
          response=ApplicationOut, summary="Record the consents as given", tag="applications", errors=(403, 404, 409))
def give_consent(principal: Principal, body: ConsentIn, application_id: str) -> ApplicationOut:
    return ApplicationOut.model_validate(_p().applications.consent(principal, application_id, body.consents,
                                                                   body.text_version))


@endpoint(bp, "/applications/{application_id}/submit", method="POST", roles=APPLICANT, response=ApplicationOut,
          summary="Submit (the adopter; before the deadline)", tag="applications", errors=(403, 404, 409, 422))
def submit_application(principal: Principal, application_id: str) -> ApplicationOut:
    return ApplicationOut.model_validate(_p().applications.submit(principal, application_id))


@endpoint(bp, "/applications/{application_id}/withdraw", method="POST", roles=APPLICANT, response=ApplicationOut,
          summary="Withdraw the application", tag="applications", errors=(403, 404, 409))
def withdraw_application(principal: Principal, application_id: str) -> ApplicationOut:
    return ApplicationOut.model_validate(_p().applications.withdraw(principal, application_id))


@endpoint(bp, "/applications/{application_id}/answer", method="POST", roles=APPLICANT, body=AnswerIn,
          response=ApplicationOut, summary="Answer a request for more information", tag="applications",
          errors=(403, 404, 409, 422))
def answer_request(principal: Principal, body: AnswerIn, application_id: str) -> ApplicationOut:
    p = _p()
    app = p.applications.record(application_id)
    p.access.require_member(principal, app, "adopter")
    answer_as_applicant(p.approvals, principal, {"application": app["id"], "call": app["call_id"]}, "more_info",
                        {"message": body.message})
    return _out(principal, application_id)


@endpoint(bp, "/applications/{application_id}/documents", roles=READERS, response=DocumentList,
          summary="The application's documents", tag="documents", errors=(404,))
def list_documents(principal: Principal, application_id: str) -> DocumentList:
    p = _p()
    docs = p.documents.of_application(principal, p.applications.record(application_id))
    return DocumentList(items=[DocumentOut.model_validate(doc) for doc in docs])


@endpoint(bp, "/applications/{application_id}/documents", method="POST", roles=APPLICANT, body=UploadIn,
          response=UploadOut, status=201, summary="Declare an upload; PUT the file to the returned URL",
          tag="documents", errors=(403, 404, 409))
def request_upload(principal: Principal, body: UploadIn, application_id: str) -> UploadOut:
    p = _p()
    upload = p.documents.request_upload(principal, p.applications.record(application_id), body.kind, body.filename,
                                        body.content_type, body.size, body.role)
    return UploadOut.model_validate(upload)


@endpoint(bp, "/applications/{application_id}/documents/{document_id}/complete", method="POST", roles=APPLICANT,
          response=DocumentOut, summary="The file is uploaded: record its digest and scan it", tag="documents",
          errors=(403, 404, 409))
def complete_upload(principal: Principal, application_id: str, document_id: str) -> DocumentOut:
    p = _p()
    return DocumentOut.model_validate(p.documents.complete(principal, p.applications.record(application_id),
                                                           document_id))


@endpoint(bp, "/applications/{application_id}/documents/{document_id}", method="DELETE", roles=APPLICANT,
          response=DocumentOut, summary="Remove a document (until submission)", tag="documents",
          errors=(403, 404, 409))
def remove_document(principal: Principal, application_id: str, document_id: str) -> DocumentOut:
    p = _p()
    return DocumentOut.model_validate(p.documents.remove(principal, p.applications.record(application_id),
                                                         document_id))


@endpoint(bp, "/applications/{application_id}/documents/{document_id}/download", roles=READERS,
          response=DownloadOut, summary="A short-lived download URL", tag="documents", errors=(404,))
def download_document(principal: Principal, application_id: str, document_id: str) -> DownloadOut:
    p = _p()
    return DownloadOut.model_validate(p.documents.download_url(principal, p.applications.record(application_id),
                                                               document_id))


@endpoint(bp, "/applications/{application_id}/review", roles=STAFF, response=ChecklistOut,
          summary="The eligibility checklist (R-ELG) with evidence", tag="reviews", errors=(404,))
def review_checklist(principal: Principal, application_id: str) -> ChecklistOut:
    require_staff(principal)
    p = _p()
    app = p.applications.record(application_id)
    return ChecklistOut.model_validate(p.reviews.checklist(app, p.calls.record(app["call_id"])).as_json())


@endpoint(bp, "/applications/{application_id}/review/decisions", method="POST", roles=STAFF,
          body=ReviewDecisionIn, response=ChecklistOut, summary="Decide a checklist item that needs judgement",
          tag="reviews", errors=(404, 422))
def decide_review_item(principal: Principal, body: ReviewDecisionIn, application_id: str) -> ChecklistOut:
    p = _p()
    app = p.applications.record(application_id)
    p.reviews.decide_item(principal, app, body.key, body.status, body.reason)
    return ChecklistOut.model_validate(p.reviews.checklist(app, p.calls.record(app["call_id"])).as_json())


@endpoint(bp, "/applications/{application_id}/audit", roles=STAFF, query=PageQuery, response=AuditList,
          summary="The application's audit trail", tag="audit")
def application_audit(principal: Principal, query: PageQuery, application_id: str) -> AuditList:
    items, cursor = _p().audit.entries("application", application_id, limit=query.limit, cursor=query.cursor)
    return AuditList(items=items, cursor=cursor)
