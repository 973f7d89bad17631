// Names for the generated API types, and the few shapes the API still declares as free-form objects (the
// evaluator's list, score sheets, the panel overview and audit entries): those are typed here from what the
// server writes (program/evaluation.py, program/audit.py) until the API declares them.
import type { components } from "./schema";

type S = components["schemas"];

export type Call = S["CallOut"];
export type Rubric = S["RubricOut"];
export type RubricCategory = S["RubricCategoryOut"];
export type RubricItem = S["RubricItemOut"];
export type Application = S["ApplicationOut"];
export type ApplicationStatus = S["ApplicationStatus"];
export type Member = S["MemberOut"];
export type MemberRole = Member["role"];
export type Organisation = S["OrganisationOut"];
export type ConsentText = S["ConsentText"];
export type ConsentItem = S["ConsentItemOut"];
export type Document = S["DocumentOut"];
export type Upload = S["UploadOut"];
export type Checklist = S["ChecklistOut"];
export type CheckResult = S["CheckResultOut"];
export type Approval = S["ApprovalOut"];
export type Decision = S["DecisionIn"];
export type Project = S["ProjectOut"];
export type ProjectStatus = S["ProjectStatus"];
export type ProjectCalendar = S["ProjectCalendarOut"];
export type Clawback = S["ClawbackOut"];
export type Ranking = S["RankingOut"];
export type RankedRow = S["RankedRowOut"];
export type PanelMember = S["PanelMemberOut"];
export type Notification = S["NotificationOut"];
export type User = S["UserOut"];
export type Issued = S["IssuedOut"];
export type Role = S["PrincipalOut"]["roles"][number];
export type MonitoringStatus = S["StatusOut"];
export type Collector = S["CollectorOut"];
export type CollectorSource = S["SourceOut"];
export type TagValue = S["TagOut"];
export type Alarm = S["AlarmOut"];
export type AlarmState = Alarm["state"];
export type PipelineRun = S["RunOut"];
export type DatasetHealth = S["DatasetOut"];
export type Scorecard = S["ScorecardOut"];

/** GET /evaluations: one assigned application (recused ones are not listed). */
export interface Assigned {
  application: string;
  call: string;
  declaration: "assigned" | "cleared";
  title: string | null;
  companies: string[];
  sheet: "none" | "draft" | "submitted";
}

/** A score sheet as stored: points as decimal strings. */
export interface Sheet {
  application: string;
  status: "draft" | "submitted";
  items: Record<string, string>;
  comments: string;
  saved_at?: string;
  total: string | null;
  categories: Record<string, string>;
  email?: string;
}

/** GET /evaluations/{id}: the application, the rubric and the caller's own sheet. */
export interface EvaluationView {
  application: Application;
  rubric: Rubric;
  sheet: Sheet | null;
}

/** GET /calls/{id}/panel: per application and evaluator, the declaration and whether the sheet is in. */
export interface PanelRow {
  application: string;
  evaluator: string;
  declaration: "assigned" | "cleared" | "recused";
  sheet: "none" | "draft" | "submitted";
}

/** One append-only audit entry; before/after hold only the fields that changed. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  refs: Record<string, string>;
  before: unknown;
  after: unknown;
  note: string;
}
