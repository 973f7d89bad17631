"""Request and response models of the program API (the same models generate /openapi.json).

Responses declare the fields clients rely on; records may carry more (``extra="allow"``), which are passed on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Brn = Field(min_length=10, max_length=12, description="사업자등록번호, e.g. 220-81-62517")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- calls -------------------------------------------------------------------------------------------
class CallCreate(Strict):
    title_ko: str = Field(min_length=1, max_length=200)
    title_en: str = Field(default="", max_length=200)
    opens_at: datetime
    closes_at: datetime
    places: int = Field(default=3, ge=1, le=100)


class CallOut(Open):
    id: str
    title_ko: str
    status: Literal["draft", "open", "closed", "decided"]
    opens_at: str
    closes_at: str
    places: int
    policy: dict[str, Any]
    rubric: dict[str, Any]
    rubric_problems: list[str] = []


class CallList(BaseModel):
    items: list[CallOut]


class RubricEdit(Strict):
    rubric: dict[str, Any]
    note: str = Field(min_length=1, max_length=1000, description="Why the rubric changed (kept with the call)")


class PolicyEdit(Strict):
    policy: dict[str, Any]


class PanelIn(Strict):
    evaluators: list[str] = Field(min_length=1, max_length=5)
    chair: str


class PanelOut(Open):
    call: str
    evaluators: list[dict[str, Any]]


class PanelOverview(BaseModel):
    items: list[dict[str, Any]]


class RankingOut(Open):
    call: str
    ranking: list[dict[str, Any]]
    notes: list[str]


# -- applications ----------------------------------------------------------------------------------
class OrganisationIn(Strict):
    brn: str = Brn
    name: str = Field(min_length=1, max_length=200)


class OrganisationOut(Open):
    brn: str
    name: str


class ApplicationCreate(Strict):
    call_id: str
    kind: Literal["single", "consortium"]
    adopter_name: str = Field(min_length=1, max_length=200)
    adopter_brn: str = Brn


class MemberInvite(Strict):
    role: Literal["supplier", "solution_company", "consulting_company"]
    name: str = Field(min_length=1, max_length=200)
    brn: str = Brn
    email: str = Field(min_length=3, max_length=254)


class SectionIn(Strict):
    section: dict[str, Any] = Field(description="The member's facts (R-ELG) and plan text; the adopter's also title")
    qualifications: list[Literal["solution", "consulting"]] | None = None
    completed: bool = False


class ConsentIn(Strict):
    consents: dict[str, bool] = Field(description="personal_info, company_info, imate_sharing (required); "
                                                  "evaluator_sharing, marketing (optional) — each as given")
    text_version: str = Field(min_length=1, max_length=40)


class ConsentText(BaseModel):
    version: str
    items: list[dict[str, Any]]


class AnswerIn(Strict):
    message: str = Field(min_length=1, max_length=4000)


class ApplicationOut(Open):
    id: str
    call_id: str
    status: str
    status_label: str
    kind: str
    members: list[dict[str, Any]]
    my_roles: list[str]


class ApplicationList(BaseModel):
    items: list[ApplicationOut]


class ApplicationsQuery(Strict):
    call_id: str | None = None


class UploadIn(Strict):
    kind: str
    filename: str = Field(min_length=1, max_length=200)
    content_type: str = Field(min_length=3, max_length=120)
    size: int = Field(ge=1)
    role: str | None = None


class DocumentOut(Open):
    id: str
    kind: str
    filename: str
    status: Literal["uploading", "pending_scan", "clean", "rejected", "removed"]


class UploadOut(BaseModel):
    document: DocumentOut
    upload_url: str
    method: Literal["PUT"]
    headers: dict[str, str]


class DocumentList(BaseModel):
    items: list[DocumentOut]


class DownloadOut(BaseModel):
    url: str
    filename: str
    content_type: str


class ReviewDecisionIn(Strict):
    key: str = Field(description="R-ELG-n, or R-ELG-n/<party> for one party of a check", pattern=r"^R-ELG-\d+(/\w+)?$")
    status: Literal["passed", "failed"]
    reason: str = Field(min_length=1, max_length=2000)


class ChecklistOut(Open):
    overall: Literal["eligible", "ineligible", "pending"]
    results: list[dict[str, Any]]


# -- evaluations ------------------------------------------------------------------------------------
class AssignedList(BaseModel):
    items: list[dict[str, Any]]


class DeclarationIn(Strict):
    conflict: bool
    note: str = Field(default="", max_length=2000)


class DeclarationOut(BaseModel):
    application: str
    declaration: Literal["cleared", "recused"]


class SheetIn(Strict):
    items: dict[str, float] = Field(description="item id -> points")
    comments: str = Field(default="", max_length=8000)
    submit: bool = False


class SheetOut(Open):
    application: str
    status: Literal["draft", "submitted"]
    items: dict[str, str]


class EvaluationView(Open):
    application: dict[str, Any]
    rubric: dict[str, Any]
    sheet: dict[str, Any] | None


class SheetList(BaseModel):
    items: list[dict[str, Any]]


# -- approvals -----------------------------------------------------------------------------------------
class ApprovalOut(Open):
    id: str
    kind: str
    audience: str
    subject: dict[str, str]
    title_ko: str
    status: Literal["PENDING", "DECIDED", "EXPIRED"]
    deadline: str | None


class ApprovalList(BaseModel):
    items: list[ApprovalOut]
    cursor: str | None = None


class DecisionIn(Strict):
    """What staff decide; which fields a kind needs is checked against the approval's kind."""

    outcome: Literal["eligible", "ineligible", "more_info"] | None = None
    reason: str = Field(default="", max_length=4000)
    advance: list[str] | None = None
    selected: list[str] | None = None
    audited_budget: int | None = Field(default=None, ge=1)
    signed_on: date | None = None
    paid_on: date | None = None
    verdict: Literal["success", "supplement", "fail"] | None = None
    held_on: date | None = None
    approved: bool | None = None
    repaid: bool | None = None


# -- projects ----------------------------------------------------------------------------------------
class ProjectOut(Open):
    id: str
    application: str
    call: str
    status: str
    status_label: str


class ProjectList(BaseModel):
    items: list[ProjectOut]


class PlanChangeIn(Strict):
    summary: str = Field(min_length=1, max_length=4000)
    extension_months: int = Field(default=0, ge=0, le=3)


class PlanChangeOut(Open):
    id: str
    status: str


class InterimCheckIn(Strict):
    findings: str = Field(min_length=1, max_length=8000)


class ReportIn(Strict):
    document: str = Field(min_length=1, description="id of the uploaded document")


class PaymentRequestIn(Strict):
    documents: list[str] = Field(min_length=1, description="ids of the uploaded request, account and insurance")


class ClawbackIn(Strict):
    trigger: Literal["bankruptcy_or_closure", "abandoned", "relocated_outside_incheon", "obligation_breach"]
    reason: str = Field(min_length=1, max_length=4000)


class ClawbackOut(Open):
    id: str
    project: str
    trigger: str
    rule: str
    amount: int
    status: str


class ClawbackList(BaseModel):
    items: list[ClawbackOut]


# -- audit and notifications ------------------------------------------------------------------------
class AuditList(BaseModel):
    items: list[dict[str, Any]]
    cursor: str | None = None


class NotificationOut(BaseModel):
    message_id: str
    sent_at: datetime
    to: list[str]
    subject: str
    body: str
    kind: str
    refs: dict[str, str]


class NotificationList(BaseModel):
    items: list[NotificationOut]
    cursor: str | None = None


class PageQuery(Strict):
    cursor: str | None = None
    limit: int = Field(default=50, ge=1, le=100)
