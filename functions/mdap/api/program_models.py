"""Request and response models of the program API (the same models generate /openapi.json).

Responses declare the fields clients rely on; records may carry more (``extra="allow"``), which are passed on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from mdap.api.models import omitted_when_none
from mdap.domain.program.application import ApplicationStatus
from mdap.domain.program.clawback import ClawbackStatus, ClawbackTrigger
from mdap.domain.program.project import ProjectStatus

Brn = Field(min_length=10, max_length=12, description="사업자등록번호, e.g. 220-81-62517")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Points = int | float  # rubric maxima and scores as the domain writes them: whole numbers as integers
Day = str  # an ISO calendar date in KST (YYYY-MM-DD)


# -- shapes nested in several answers (records may carry more; these are what clients rely on) --------------
class RubricItemOut(Open):
    id: str
    max: Points
    label_ko: str | SkipJsonSchema[None] = omitted_when_none()
    label_en: str | SkipJsonSchema[None] = omitted_when_none()


class RubricCategoryOut(RubricItemOut):
    items: list[RubricItemOut]


class RubricOut(Open):
    total: Points
    categories: list[RubricCategoryOut]


class RubricCorrectionOut(Open):
    at: str
    by: str
    note: str
    problems_before: list[str] = []
    problems_after: list[str] = []


class MemberOut(Open):
    role: Literal["adopter", "supplier", "solution_company", "consulting_company"]
    brn: str
    name: str
    invited: list[str] = []
    joined: bool = False
    section: dict[str, Any] = {}
    qualifications: list[str] = []
    completed: bool = False


# -- calls -------------------------------------------------------------------------------------------
class CallCreate(Strict):
    title_ko: str = Field(min_length=1, max_length=200)
    title_en: str = Field(default="", max_length=200)
    opens_at: AwareDatetime  # with its offset (the web app sends Korean Standard Time, +09:00)
    closes_at: AwareDatetime
    places: int = Field(default=3, ge=1, le=100)


class CallOut(Open):
    id: str
    title_ko: str
    status: Literal["draft", "open", "closed", "decided"]
    opens_at: str
    closes_at: str
    places: int
    policy: dict[str, Any]
    rubric: RubricOut
    rubric_problems: list[str] = []
    title_en: str | None = None
    program: dict[str, Any] | None = None
    parent_call: str | None = None
    corrections: list[RubricCorrectionOut] | SkipJsonSchema[None] = omitted_when_none()


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


class PanelMemberOut(Open):
    sub: str
    email: str
    name: str
    chair: bool


class PanelOut(Open):
    call: str
    evaluators: list[PanelMemberOut]


class PanelOverview(BaseModel):
    items: list[dict[str, Any]]


class RankedRowOut(Open):
    id: str
    base: Points
    bonus: Points
    total: Points
    adopter_fit: Points
    rank: int
    status: Literal["selected", "reserve", "below_pass_mark", "tie_unresolved"]


class RankingOut(Open):
    call: str
    ranking: list[RankedRowOut]
    notes: list[str]
    computed_at: str | SkipJsonSchema[None] = omitted_when_none()


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


class ConsentItemOut(Open):
    id: str
    required: bool
    title: str
    purpose: str
    data: str
    retention: str
    refusal: str


class ConsentText(BaseModel):
    version: str
    items: list[ConsentItemOut]


class AnswerIn(Strict):
    message: str = Field(min_length=1, max_length=4000)


class ApplicationOut(Open):
    id: str
    call_id: str
    status: ApplicationStatus
    status_label: str
    kind: str
    members: list[MemberOut]
    my_roles: list[str]
    title: str | None = None
    bonus_claim: bool = False
    consents: dict[str, Any] = {}
    created_at: str | None = None
    submitted_at: str | None = None
    status_ko: str | SkipJsonSchema[None] = omitted_when_none()
    reason: str | SkipJsonSchema[None] = omitted_when_none()  # what a request for more information asks
    review_reason: str | SkipJsonSchema[None] = omitted_when_none()
    reserve_position: int | SkipJsonSchema[None] = omitted_when_none()
    promoted: bool | SkipJsonSchema[None] = omitted_when_none()


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
    kind_label: str | SkipJsonSchema[None] = omitted_when_none()
    role: str | SkipJsonSchema[None] = omitted_when_none()
    size: int | SkipJsonSchema[None] = omitted_when_none()
    content_type: str | SkipJsonSchema[None] = omitted_when_none()
    at: str | SkipJsonSchema[None] = omitted_when_none()
    uploaded_by: str | SkipJsonSchema[None] = omitted_when_none()
    reason: str | SkipJsonSchema[None] = omitted_when_none()


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


class CheckResultOut(Open):
    id: str
    party: str
    status: Literal["passed", "failed", "needs_judgement"]
    reason_ko: str = ""
    reason_en: str = ""
    evidence: list[str] = []
    decided_by: str | None = None


class ChecklistOut(Open):
    overall: Literal["eligible", "ineligible", "pending"]
    results: list[CheckResultOut]
    bonus: CheckResultOut | None = None


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
    comments: str = ""
    saved_at: str | SkipJsonSchema[None] = omitted_when_none()
    total: str | None = None
    categories: dict[str, str] = {}


class EvaluationView(Open):
    application: dict[str, Any]
    rubric: RubricOut
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
    title_en: str | SkipJsonSchema[None] = omitted_when_none()
    details: dict[str, Any] = {}
    opened_at: str | SkipJsonSchema[None] = omitted_when_none()
    decided_by: str | SkipJsonSchema[None] = omitted_when_none()
    decision: dict[str, Any] | SkipJsonSchema[None] = omitted_when_none()
    closed_at: str | SkipJsonSchema[None] = omitted_when_none()


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
class ProjectCalendarOut(Open):
    """The agreement's dates (KST calendar days, R-PRG-2, R-PAY-1/3, R-AGR-3, R-FIN-2/3)."""

    term_start: Day
    term_end: Day
    payment_request_due: Day
    plan_change_cutoff: Day
    final_report_due: Day
    extension_latest_end: Day
    insurance_end: Day
    final_evaluation_due: Day | SkipJsonSchema[None] = omitted_when_none()


class GrantOut(Open):
    audited_budget: int
    city_share: int
    adopter_share: int
    vat: int
    adopter_total: int


class CompanyOut(Open):
    name: str
    brn: str


class PlanChangeEntryOut(Open):
    id: str
    summary: str
    extension_months: int = 0
    status: str
    requested_by: str | SkipJsonSchema[None] = omitted_when_none()
    at: str | SkipJsonSchema[None] = omitted_when_none()
    decided_by: str | SkipJsonSchema[None] = omitted_when_none()
    reason: str | SkipJsonSchema[None] = omitted_when_none()


class InterimCheckOut(Open):
    at: str
    by: str
    findings: str


class VerdictOut(Open):
    verdict: Literal["success", "supplement", "fail"]
    by: str
    reason: str = ""
    at: str


class ProjectOut(Open):
    id: str
    application: str
    call: str
    status: ProjectStatus
    status_label: str
    title: str | None = None
    adopter: CompanyOut | SkipJsonSchema[None] = omitted_when_none()
    created_at: str | SkipJsonSchema[None] = omitted_when_none()
    promoted_from_reserve: bool = False
    extension_months: int = 0
    grant: GrantOut | SkipJsonSchema[None] = omitted_when_none()
    signed_on: Day | SkipJsonSchema[None] = omitted_when_none()
    calendar: ProjectCalendarOut | SkipJsonSchema[None] = omitted_when_none()
    payment_due: str | SkipJsonSchema[None] = omitted_when_none()  # the exclusive instant the window closes
    payment_request: dict[str, Any] | SkipJsonSchema[None] = omitted_when_none()
    paid_on: Day | SkipJsonSchema[None] = omitted_when_none()
    plan_changes: list[PlanChangeEntryOut] = []
    interim_checks: list[InterimCheckOut] = []
    verdicts: list[VerdictOut] = []
    final_report: dict[str, Any] | SkipJsonSchema[None] = omitted_when_none()
    report_meeting_on: Day | SkipJsonSchema[None] = omitted_when_none()
    obligation_until: Day | SkipJsonSchema[None] = omitted_when_none()
    cancel_reason: str | SkipJsonSchema[None] = omitted_when_none()
    clawback_trigger: str | SkipJsonSchema[None] = omitted_when_none()


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
    trigger: ClawbackTrigger
    rule: str
    amount: int
    status: ClawbackStatus
    application: str | SkipJsonSchema[None] = omitted_when_none()
    call: str | SkipJsonSchema[None] = omitted_when_none()
    reason: str | SkipJsonSchema[None] = omitted_when_none()
    opened_at: str | SkipJsonSchema[None] = omitted_when_none()
    opened_by: str | SkipJsonSchema[None] = omitted_when_none()


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
