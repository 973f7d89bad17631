import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useRef } from "react";
import { useForm } from "react-hook-form";
import { Link, useParams } from "react-router-dom";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { CheckResult, Document, Sheet } from "../../api/types";
import { useDocumentTitle } from "../../app/usePageTitle";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId, TextArea } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { reviewItemSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { LoadError, Loading, QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { useApplication, useCall, useDocuments } from "../applicant/queries";
import { ApplicationSummary } from "../shared/ApplicationSummary";
import { AuditTrail, type AuditPage } from "../shared/AuditTrail";
import { DocumentActions } from "../shared/DocumentActions";
import { appStatusKey, appTone, docKey, key, roleKey } from "../shared/labels";
import { DecisionPanel } from "./Decision";
import { useApprovals, useReview, useSheets } from "./queries";
import { StaffNav } from "./StaffNav";
import { adopterName } from "./subjects";

const checkTone = (status: string) => (status === "passed" ? "success" : status === "failed" ? "danger" : "warning");

function Evidence({ appId, kinds, documents, party }: { appId: string; kinds: string[]; documents: Document[]; party: string }) {
  const { t } = useI18n();
  if (!kinds.length) return <>{t("ui.none")}</>;
  return (
    <ul className="plain-list">
      {kinds.map((kind) => {
        const doc = documents.find((candidate) => candidate.kind === kind && candidate.role === party && candidate.status === "clean");
        return (
          <li key={kind}>
            {t(docKey(kind))} {doc ? <DocumentActions applicationId={appId} document={doc} /> : <span className="muted">({t("docStatus.missing")})</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** A staff judgement on one checklist item (passed or failed, always with the reason). */
function JudgeItem({ appId, result }: { appId: string; result: CheckResult }) {
  const { t } = useI18n();
  const api = useProgram();
  const client = useQueryClient();
  const formId = `judge-${result.id}-${result.party}`;
  const form = useForm<{ status: "passed" | "failed"; reason: string }>({
    resolver: zodResolver(reviewItemSchema),
    defaultValues: { status: undefined, reason: "" },
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const decide = useMutation({
    mutationFn: (values: { status: "passed" | "failed"; reason: string }) =>
      unwrap(
        api.POST("/applications/{application_id}/review/decisions", {
          params: { path: { application_id: appId } },
          body: { key: `${result.id}/${result.party}`, status: values.status, reason: values.reason.trim() },
        }),
      ),
    onSuccess: (checklist) => client.setQueryData(keys.review(appId), checklist),
  });
  const errors = form.formState.errors;
  const title = `${result.id} ${t(key(`rule.${result.id}`))} · ${t(roleKey(result.party))}`;
  return (
    <div className="judge-item">
      <h4>{title}</h4>
      <FormError error={kit.refusal} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => decide.mutateAsync(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={{ status: t("review.judgement"), reason: t("review.reason") }} show={kit.showSummary} />
        <ChoiceGroup
          id={fieldId(formId, "status")}
          legend={t("review.judgementOf", { item: title })}
          type="radio"
          required
          error={errors.status?.message}
          registration={form.register("status")}
          options={[
            { value: "passed", label: t("checkStatus.passed") },
            { value: "failed", label: t("checkStatus.failed") },
          ]}
        />
        <TextArea id={fieldId(formId, "reason")} label={t("review.reason")} required rows={2} error={errors.reason?.message} registration={form.register("reason")} />
        <button type="submit" className="krds-btn secondary small" disabled={decide.isPending}>
          {decide.isPending ? t("ui.working") : t("review.save")}
        </button>
      </ImeSafeForm>
    </div>
  );
}

function Checklist({ appId, documents }: { appId: string; documents: Document[] }) {
  const { t, lang } = useI18n();
  const review = useReview(appId);
  const columns: ColumnDef<CheckResult>[] = [
    { id: "rule", header: t("review.rule"), accessorFn: (r) => `${r.id} ${t(key(`rule.${r.id}`))}` },
    { id: "party", header: t("summary.role"), accessorFn: (r) => t(roleKey(r.party)) },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (r) => t(key(`checkStatus.${r.status}`)),
      cell: ({ row }) => <StatusBadge tone={checkTone(row.original.status)}>{t(key(`checkStatus.${row.original.status}`))}</StatusBadge>,
    },
    { id: "reason", header: t("review.reason"), accessorFn: (r) => (lang === "en" ? r.reason_en : r.reason_ko) ?? "" },
    {
      id: "evidence",
      header: t("review.evidence"),
      enableSorting: false,
      accessorFn: (r) => (r.evidence ?? []).join(" "),
      cell: ({ row }) => <Evidence appId={appId} kinds={row.original.evidence ?? []} documents={documents} party={row.original.party} />,
    },
  ];
  return (
    <QueryView query={review}>
      {(checklist) => {
        const results = [...checklist.results, ...(checklist.bonus ? [checklist.bonus] : [])];
        const open = results.filter((result) => result.status === "needs_judgement");
        return (
          <>
            <p>
              {t("review.overall")}:{" "}
              <StatusBadge tone={checklist.overall === "eligible" ? "success" : checklist.overall === "ineligible" ? "danger" : "warning"}>
                {t(key(`review.overall.${checklist.overall}`))}
              </StatusBadge>
            </p>
            <DataTable data={results} columns={columns} caption={t("review.checklist")} pageSize={30} filter={false} getRowId={(r) => `${r.id}/${r.party}`} />
            {open.length > 0 && (
              <>
                <h3>{t("review.toJudge", { count: open.length })}</h3>
                {open.map((result) => (
                  <JudgeItem key={`${result.id}/${result.party}`} appId={appId} result={result} />
                ))}
              </>
            )}
          </>
        );
      }}
    </QueryView>
  );
}

function Sheets({ appId }: { appId: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const sheets = useSheets(appId);
  const columns: ColumnDef<Sheet>[] = [
    { id: "evaluator", header: t("panel.evaluator"), accessorFn: (s) => s.email ?? "" },
    { id: "total", header: t("sheet.total"), accessorFn: (s) => Number(s.total ?? 0), cell: ({ getValue }) => format.points(Number(getValue())) },
    { id: "saved", header: t("audit.at"), accessorFn: (s) => s.saved_at ?? "", cell: ({ row }) => (row.original.saved_at ? format.dateTime(row.original.saved_at) : "") },
    { id: "comments", header: t("sheet.comments"), accessorFn: (s) => s.comments },
  ];
  return <QueryView query={sheets}>{(rows) => <DataTable data={rows} columns={columns} caption={t("review.sheets")} filter={false} empty={t("review.noSheets")} />}</QueryView>;
}

/** One application for staff: the eligibility checklist with evidence, judgements, the decision, sheets, trail. */
export function ReviewPage() {
  const { appId = "" } = useParams();
  const { t, lang } = useI18n();
  const api = useProgram();
  const application = useApplication(appId);
  const call = useCall(application.data?.call_id);
  const documents = useDocuments(appId, application.isSuccess);
  const approvals = useApprovals();
  const app = application.data;
  const name = app ? `${adopterName(app)}${app.title ? ` · ${app.title}` : ""}` : t("review.title");
  useDocumentTitle(name);
  const audit = useRef((cursor: string | undefined): Promise<AuditPage> =>
    unwrap(api.GET("/applications/{application_id}/audit", { params: { path: { application_id: appId }, query: { limit: 50, cursor } } })),
  );
  const pending = (approvals.data?.items ?? []).filter((approval) => approval.subject.application === appId);
  if (application.isPending) return <Loading />;
  if (application.isError || !app) return <LoadError error={application.error} onRetry={() => void application.refetch()} />;
  return (
    <section className="area-page">
      <StaffNav />
      <p className="breadcrumb">
        <Link to={`/programs/calls/${app.call_id}/applications`}>{call.data ? (lang === "en" && call.data.title_en ? call.data.title_en : call.data.title_ko) : app.call_id}</Link>
      </p>
      <h1>{name}</h1>
      <p className="page-meta">
        <StatusBadge tone={appTone(app.status)}>{t(appStatusKey(app.status))}</StatusBadge>
        <span className="muted">{app.id}</span>
      </p>
      {pending.map((approval) => (
        <section key={approval.id} aria-labelledby={`pending-${approval.id}`}>
          <h2 id={`pending-${approval.id}`}>{t(key(`approvalKind.${approval.kind}`))}</h2>
          <DecisionPanel approval={approval} />
        </section>
      ))}
      <h2>{t("review.checklist")}</h2>
      <Checklist appId={appId} documents={documents.data?.items ?? []} />
      <h2>{t("submitted.contents")}</h2>
      <ApplicationSummary application={app} documents={documents.data?.items} />
      {["evaluation", "selected", "reserve", "not_selected", "cancelled"].includes(app.status) && (
        <>
          <h2>{t("review.sheets")}</h2>
          <Sheets appId={appId} />
        </>
      )}
      <h2>{t("review.audit")}</h2>
      <AuditTrail queryKey={["audit", "application", appId]} load={audit.current} caption={t("review.audit")} />
    </section>
  );
}
