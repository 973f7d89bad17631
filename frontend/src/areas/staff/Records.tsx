import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Clawback, Notification } from "../../api/types";
import { usePageTitle } from "../../app/usePageTitle";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { useCalls } from "../applicant/queries";
import { AuditTrail, type AuditPage } from "../shared/AuditTrail";
import { key } from "../shared/labels";
import { useApplicationsOfCalls, useClawbacks, useProjects } from "./queries";
import { StaffNav } from "./StaffNav";
import { adopterName } from "./subjects";

export function ClawbacksPage() {
  const { t } = useI18n();
  const format = useFormat();
  const title = usePageTitle("clawbacks.title");
  const clawbacks = useClawbacks();
  const projects = useProjects();
  const names = new Map((projects.data?.items ?? []).map((p) => [p.id, p.adopter?.name ?? p.id]));
  const columns: ColumnDef<Clawback>[] = [
    {
      id: "project",
      header: t("summary.company"),
      accessorFn: (c) => names.get(c.project) ?? c.project,
      cell: ({ row, getValue }) => <Link to={`/programs/projects/${row.original.project}`}>{String(getValue())}</Link>,
    },
    { id: "trigger", header: t("projects.trigger"), accessorFn: (c) => t(key(`clawbackTrigger.${c.trigger}`)) },
    { id: "amount", header: t("clawbacks.amount"), accessorFn: (c) => c.amount, cell: ({ row }) => format.amount(row.original.amount) },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (c) => t(key(`clawbackStatus.${c.status}`)),
      cell: ({ row }) => <StatusBadge tone={row.original.status === "opened" ? "warning" : "gray"}>{t(key(`clawbackStatus.${row.original.status}`))}</StatusBadge>,
    },
    { id: "opened", header: t("approvals.opened"), accessorFn: (c) => c.opened_at ?? "", cell: ({ row }) => (row.original.opened_at ? format.dateTime(row.original.opened_at) : "") },
    { id: "reason", header: t("review.reason"), accessorFn: (c) => c.reason ?? "" },
  ];
  return (
    <section className="area-page">
      <StaffNav />
      <h1>{title}</h1>
      <p className="lead">{t("clawbacks.lead")}</p>
      <QueryView query={clawbacks}>
        {(data) => <DataTable data={data.items} columns={columns} caption={title} captionHidden getRowId={(c) => c.id} empty={t("clawbacks.empty")} />}
      </QueryView>
    </section>
  );
}

/** The audit log of any call, application or project, with its own filters (text, sorting) and paging. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const api = useProgram();
  const title = usePageTitle("audit.title");
  const calls = useCalls();
  const projects = useProjects();
  const apps = useApplicationsOfCalls((calls.data?.items ?? []).map((call) => call.id));
  const [scope, setScope] = useState<"call" | "application" | "project">("call");
  const [ref, setRef] = useState("");
  const options = useMemo(() => {
    if (scope === "call") return (calls.data?.items ?? []).map((call) => ({ value: call.id, label: lang === "en" && call.title_en ? call.title_en : call.title_ko }));
    if (scope === "project") return (projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.adopter?.name ?? p.id}${p.title ? ` · ${p.title}` : ""}` }));
    return apps.flatMap((query) => query.data?.items ?? []).map((app) => ({ value: app.id, label: `${adopterName(app)}${app.title ? ` · ${app.title}` : ""}` }));
  }, [scope, calls.data, projects.data, apps, lang]);
  const load = (cursor: string | undefined): Promise<AuditPage> => {
    const query = { limit: 50, cursor };
    if (scope === "call") return unwrap(api.GET("/calls/{call_id}/audit", { params: { path: { call_id: ref }, query } }));
    if (scope === "project") return unwrap(api.GET("/projects/{project_id}/audit", { params: { path: { project_id: ref }, query } }));
    return unwrap(api.GET("/applications/{application_id}/audit", { params: { path: { application_id: ref }, query } }));
  };
  return (
    <section className="area-page">
      <StaffNav />
      <h1>{title}</h1>
      <p className="lead">{t("audit.lead")}</p>
      <div className="table-tools">
        <div className="form-group">
          <div className="form-tit">
            <label htmlFor="audit-scope">{t("audit.scope")}</label>
          </div>
          <div className="form-conts">
            <select
              id="audit-scope"
              className="krds-form-select"
              value={scope}
              onChange={(event) => {
                setScope(event.target.value as typeof scope);
                setRef("");
              }}
            >
              {(["call", "application", "project"] as const).map((value) => (
                <option key={value} value={value}>
                  {t(key(`audit.scope.${value}`))}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-group">
          <div className="form-tit">
            <label htmlFor="audit-ref">{t("audit.object")}</label>
          </div>
          <div className="form-conts">
            <select id="audit-ref" className="krds-form-select" value={ref} onChange={(event) => setRef(event.target.value)}>
              <option value="">{t("ui.select")}</option>
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      {ref ? (
        <AuditTrail key={`${scope}/${ref}`} queryKey={["audit", scope, ref]} load={load} caption={t("audit.title")} />
      ) : (
        <div className="empty-state">{t("audit.choose")}</div>
      )}
    </section>
  );
}

/** The local profile's outbox: what the platform would have mailed, newest first. */
export function OutboxPage() {
  const { t } = useI18n();
  const format = useFormat();
  const api = useProgram();
  const title = usePageTitle("outbox.title");
  const sent = useInfiniteQuery({
    queryKey: ["notifications"],
    queryFn: ({ pageParam }) => unwrap(api.GET("/notifications", { params: { query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.cursor ?? undefined,
  });
  const columns: ColumnDef<Notification>[] = [
    { id: "sent", header: t("outbox.sentAt"), accessorFn: (n) => n.sent_at, cell: ({ row }) => format.dateTime(row.original.sent_at) },
    { id: "to", header: t("outbox.to"), accessorFn: (n) => n.to.join(", ") },
    {
      id: "subject",
      header: t("outbox.subject"),
      accessorFn: (n) => `${n.subject} ${n.body}`,
      cell: ({ row }) => (
        <details>
          <summary>{row.original.subject}</summary>
          <p className="prewrap">{row.original.body}</p>
        </details>
      ),
    },
    { id: "kind", header: t("outbox.kind"), accessorFn: (n) => n.kind },
  ];
  return (
    <section className="area-page">
      <StaffNav />
      <h1>{title}</h1>
      <p className="lead">{t("outbox.lead")}</p>
      <QueryView query={sent}>
        {(data) => (
          <>
            <DataTable
              data={data.pages.flatMap((page) => page.items)}
              columns={columns}
              caption={title}
              captionHidden
              pageSize={20}
              initialSorting={[{ id: "sent", desc: true }]}
              getRowId={(n) => n.message_id}
              empty={t("outbox.empty")}
            />
            {sent.hasNextPage && (
              <button type="button" className="krds-btn small secondary" onClick={() => void sent.fetchNextPage()} disabled={sent.isFetchingNextPage}>
                {t("ui.more")}
              </button>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
