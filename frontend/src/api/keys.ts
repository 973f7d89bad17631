// Query keys, one place: invalidating a key refreshes every screen that shows that data.
export const keys = {
  calls: () => ["calls"] as const,
  call: (id: string) => ["calls", id] as const,
  ranking: (callId: string) => ["calls", callId, "ranking"] as const,
  panel: (callId: string) => ["calls", callId, "panel"] as const,
  callAudit: (callId: string) => ["audit", "call", callId] as const,
  organisation: () => ["organisation"] as const,
  consent: () => ["consent"] as const,
  applications: (callId?: string) => (callId ? (["applications", { callId }] as const) : (["applications"] as const)),
  application: (id: string) => ["application", id] as const,
  documents: (appId: string) => ["application", appId, "documents"] as const,
  review: (appId: string) => ["application", appId, "review"] as const,
  sheets: (appId: string) => ["application", appId, "sheets"] as const,
  evaluations: () => ["evaluations"] as const,
  evaluation: (appId: string) => ["evaluations", appId] as const,
  approvals: () => ["approvals"] as const,
  approval: (id: string) => ["approvals", id] as const,
  projects: () => ["projects"] as const,
  project: (id: string) => ["projects", id] as const,
  clawbacks: () => ["clawbacks"] as const,
  audit: (scope: string, ref: string) => ["audit", scope, ref] as const,
  notifications: () => ["notifications"] as const,
  users: () => ["users"] as const,
  monitoringStatus: (site: string) => ["monitoring", "status", site] as const,
  monitoringAlarms: (site: string) => ["monitoring", "alarms", site] as const,
  monitoringQuality: (site: string) => ["monitoring", "quality", site] as const,
  dashboardOptions: (from: string, to: string, site: string) => ["dashboards", "options", from, to, site] as const,
  dashboardChart: (chart: string, filters: string) => ["dashboards", chart, filters] as const,
  evaluators: () => ["evaluators"] as const,
};

/** The project of an application (one per selected application: prj-<the application's id without app->). */
export function projectIdFor(applicationId: string): string {
  return `prj-${applicationId.replace(/^app-/, "")}`;
}
