import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Fragment, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useParams } from "react-router-dom";
import { keys } from "../../api/keys";
import { done, unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application, Call, PanelRow, RankedRow } from "../../api/types";
import { useDocumentTitle } from "../../app/usePageTitle";
import { explainRanking, type Explained } from "../../domain/ranking";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { panelSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Countdown } from "../../ui/Countdown";
import { DataTable } from "../../ui/DataTable";
import { Facts } from "../../ui/Facts";
import { InPageNav } from "../../ui/InPageNav";
import { Empty, LoadError, Loading, QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { useCall } from "../applicant/queries";
import { AuditTrail, type AuditPage } from "../shared/AuditTrail";
import { appStatusKey, appTone, key } from "../shared/labels";
import { callTone } from "./Calls";
import { RankingConfirmation } from "./Decision";
import { useApprovals, useCallApplications, useEvaluators, usePanel, useRanking } from "./queries";
import { ProblemList, RubricEditor } from "./RubricEditor";
import { StaffNav } from "./StaffNav";
import { adopterName } from "./subjects";

const TABS = ["", "rubric", "applications", "panel", "ranking", "audit"] as const;
type Tab = (typeof TABS)[number];

function Overview({ call }: { call: Call }) {
  const { t } = useI18n();
  const format = useFormat();
  const api = useProgram();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const policy = call.policy as Record<string, unknown>;
  const open = useMutation({
    mutationFn: () => unwrap(api.POST("/calls/{call_id}/open", { params: { path: { call_id: call.id } } })),
    onSuccess: (updated) => {
      client.setQueryData(keys.call(call.id), updated);
      void client.invalidateQueries({ queryKey: keys.calls() });
    },
    onSettled: () => setAsking(false),
  });
  return (
    <>
      <Facts
        items={[
          [t("ui.status"), <StatusBadge key="s" tone={callTone(call.status)}>{t(key(`callStatus.${call.status}`))}</StatusBadge>],
          [t("calls.opens"), format.dateTime(call.opens_at)],
          [t("calls.closes"), call.status === "open" ? <Countdown key="c" until={call.closes_at} /> : format.dateTime(call.closes_at)],
          [t("call.places"), t("call.placesValue", { places: call.places })],
          [t("policy.passMark"), t("policy.passMarkValue", { points: String(policy.pass_mark), on: t(key(`policy.on.${String(policy.pass_mark_on)}`)) })],
          [t("policy.aggregation"), t(key(`policy.aggregation.${String(policy.aggregation)}`))],
          [t("policy.bonus"), t("ui.points", { points: String(policy.bonus_points) })],
          [t("policy.quorum"), t("policy.quorumValue", { count: String(policy.quorum) })],
          [t("policy.screening"), t("policy.screeningValue", { ratio: String(policy.screening_ratio) })],
          [t("policy.reopen"), t(policy.reopen_when_short ? "ui.yes" : "ui.no")],
        ]}
      />
      {call.parent_call && (
        <p>
          {t("calls.parent")}: <Link to={`/programs/calls/${call.parent_call}`}>{call.parent_call}</Link>
        </p>
      )}
      {call.status === "draft" && (
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">{t("calls.openHeading")}</h2>
          <ProblemList rubric={call.rubric} />
          <FormError error={open.error} title={t("calls.openRefused")} />
          <button type="button" className="krds-btn primary" onClick={() => setAsking(true)}>
            {t("calls.open")}
          </button>
          <ConfirmDialog
            open={asking}
            title={t("calls.openConfirm")}
            confirmLabel={t("calls.open")}
            busy={open.isPending}
            onCancel={() => setAsking(false)}
            onConfirm={() => !open.isPending && open.mutate()}
          >
            <p>{t("calls.openConfirmText")}</p>
          </ConfirmDialog>
        </section>
      )}
    </>
  );
}

function RubricTab({ call }: { call: Call }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const [saved, setSaved] = useState(false);
  return (
    <>
      {saved && (
        <Notice tone="success" live="status">
          <p>{t("rubric.saved")}</p>
        </Notice>
      )}
      {call.status === "draft" ? (
        <>
          <p>{t("rubric.lead")}</p>
          <RubricEditor key={JSON.stringify(call.rubric)} call={call} onSaved={() => setSaved(true)} />
        </>
      ) : (
        <>
          <ProblemList rubric={call.rubric} />
          <table className="rubric-table">
            <caption className="sr-only">{t("rubric.caption")}</caption>
            <tbody>
              {call.rubric.categories.map((category) => (
                <Fragment key={category.id}>
                  <tr className="category-row">
                    <th scope="row">{(lang === "en" ? category.label_en : category.label_ko) || category.id}</th>
                    <td>{t("ui.points", { points: category.max })}</td>
                  </tr>
                  {category.items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row" className="item-cell">
                        {(lang === "en" ? item.label_en : item.label_ko) || item.id}
                      </th>
                      <td>{t("ui.points", { points: item.max })}</td>
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </>
      )}
      {(call.corrections ?? []).length > 0 && (
        <>
          <h2>{t("rubric.corrections")}</h2>
          <ul className="history">
            {(call.corrections ?? []).map((correction) => (
              <li key={correction.at}>
                {format.dateTime(correction.at)} · {correction.by}: {correction.note}{" "}
                ({t("rubric.problemsBeforeAfter", { before: (correction.problems_before ?? []).length, after: (correction.problems_after ?? []).length })})
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function ApplicationsTab({ call }: { call: Call }) {
  const { t } = useI18n();
  const format = useFormat();
  const apps = useCallApplications(call.id);
  const columns: ColumnDef<Application>[] = [
    {
      id: "company",
      header: t("summary.company"),
      accessorFn: adopterName,
      cell: ({ row }) => <Link to={`/programs/applications/${row.original.id}`}>{adopterName(row.original)}</Link>,
    },
    { id: "title", header: t("summary.title"), accessorFn: (app) => app.title ?? "" },
    { id: "kind", header: t("summary.kind"), accessorFn: (app) => t(key(`appKindShort.${app.kind}`)) },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (app) => t(appStatusKey(app.status)),
      cell: ({ row }) => <StatusBadge tone={appTone(row.original.status)}>{t(appStatusKey(row.original.status))}</StatusBadge>,
    },
    {
      id: "submitted",
      header: t("summary.submittedAt"),
      accessorFn: (app) => app.submitted_at ?? "",
      cell: ({ row }) => (row.original.submitted_at ? format.dateTime(row.original.submitted_at) : t("ui.none")),
    },
  ];
  return (
    <QueryView query={apps}>
      {(data) => (
        <DataTable data={data.items} columns={columns} caption={t("call.tab.applications")} captionHidden getRowId={(app) => app.id} empty={t("calls.noApplications")} />
      )}
    </QueryView>
  );
}

function PanelTab({ call }: { call: Call }) {
  const { t } = useI18n();
  const api = useProgram();
  const client = useQueryClient();
  const evaluators = useEvaluators();
  const panel = usePanel(call.id);
  const apps = useCallApplications(call.id);
  const formId = "panel";
  const form = useForm<{ evaluators: string[]; chair: string }>({ resolver: zodResolver(panelSchema), defaultValues: { evaluators: [], chair: "" }, shouldFocusError: false });
  const kit = useFormKit(form);
  const [closing, setClosing] = useState(false);
  const assign = useMutation({
    mutationFn: (values: { evaluators: string[]; chair: string }) =>
      unwrap(api.PUT("/calls/{call_id}/panel", { params: { path: { call_id: call.id } }, body: values })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.panel(call.id) }),
  });
  const close = useMutation({
    mutationFn: () => done(api.POST("/calls/{call_id}/scoring/close", { params: { path: { call_id: call.id } } })),
    onSettled: () => {
      setClosing(false);
      void client.invalidateQueries({ queryKey: keys.approvals() });
    },
  });
  const names = new Map((apps.data?.items ?? []).map((app) => [app.id, adopterName(app)]));
  const columns: ColumnDef<PanelRow>[] = [
    { id: "application", header: t("summary.company"), accessorFn: (row) => names.get(row.application) ?? row.application },
    { id: "evaluator", header: t("panel.evaluator"), accessorFn: (row) => row.evaluator },
    { id: "declaration", header: t("evaluator.declaration"), accessorFn: (row) => t(key(`declaration.${row.declaration}`)) },
    { id: "sheet", header: t("evaluator.sheet"), accessorFn: (row) => t(key(`sheetStatus.${row.sheet}`)) },
  ];
  const errors = form.formState.errors;
  const chosen = form.watch("evaluators") ?? [];
  return (
    <>
      <h2>{t("panel.assign")}</h2>
      <p>{t("panel.lead")}</p>
      {assign.isSuccess && (
        <Notice tone="success" live="status">
          <p>{t("panel.assigned")}</p>
        </Notice>
      )}
      <FormError error={kit.refusal} />
      <QueryView query={evaluators} isEmpty={(data) => data.items.length === 0} empty={t("panel.noEvaluators")}>
        {(data) => (
          <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => assign.mutateAsync(values))}>
            <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={{ evaluators: t("panel.members"), chair: t("panel.chair") }} show={kit.showSummary} />
            <ChoiceGroup
              id={fieldId(formId, "evaluators")}
              legend={t("panel.members")}
              hint={t("panel.membersHint")}
              type="checkbox"
              inline={false}
              required
              error={errors.evaluators?.message}
              registration={form.register("evaluators")}
              options={data.items.map((user) => ({ value: user.email, label: `${user.name} (${user.email})` }))}
            />
            <ChoiceGroup
              id={fieldId(formId, "chair")}
              legend={t("panel.chair")}
              type="radio"
              inline={false}
              required
              error={errors.chair?.message}
              registration={form.register("chair")}
              options={data.items.filter((user) => chosen.includes(user.email)).map((user) => ({ value: user.email, label: user.name }))}
            />
            <button type="submit" className="krds-btn primary" disabled={assign.isPending}>
              {assign.isPending ? t("ui.working") : t("panel.save")}
            </button>
          </ImeSafeForm>
        )}
      </QueryView>
      <h2>{t("panel.overview")}</h2>
      <QueryView query={panel}>
        {(rows) => <DataTable data={rows} columns={columns} caption={t("panel.overview")} captionHidden empty={t("panel.noAssignments")} />}
      </QueryView>
      <h2>{t("panel.close")}</h2>
      <p>{t("panel.closeText")}</p>
      <FormError error={close.error} />
      {close.isSuccess && (
        <Notice tone="success" live="status">
          <p>{t("panel.closed")}</p>
        </Notice>
      )}
      <button type="button" className="krds-btn secondary" onClick={() => setClosing(true)}>
        {t("panel.close")}
      </button>
      <ConfirmDialog open={closing} title={t("panel.close")} confirmLabel={t("panel.close")} busy={close.isPending} onCancel={() => setClosing(false)} onConfirm={() => !close.isPending && close.mutate()}>
        <p>{t("panel.closeText")}</p>
      </ConfirmDialog>
    </>
  );
}

/** Why a row stands where it does (R-SEL-4): the tie it was in and what broke it, or that staff must decide. */
function Explanation({ explained }: { explained: Explained }) {
  const { t } = useI18n();
  const format = useFormat();
  const { row } = explained;
  const parts = [t("ranking.base", { base: format.points(row.base), bonus: format.points(row.bonus), total: format.points(row.total) })];
  if (explained.tiedWith.length) {
    parts.push(t("ranking.tied", { total: format.points(row.total), count: explained.tiedWith.length + 1 }));
    for (const applied of explained.breaks) parts.push(t(key(`ranking.break.${applied}`)));
  }
  if (explained.needsDecision) parts.push(t("ranking.needsDecision"));
  return <>{parts.join(" ")}</>;
}

function RankingTab({ call }: { call: Call }) {
  const { t } = useI18n();
  const format = useFormat();
  const ranking = useRanking(call.id);
  const apps = useCallApplications(call.id);
  const approvals = useApprovals();
  const pending = approvals.data?.items.find((approval) => approval.kind === "ranking_confirmation" && approval.subject.call === call.id);
  const names = new Map((apps.data?.items ?? []).map((app) => [app.id, `${adopterName(app)}${app.title ? ` · ${app.title}` : ""}`]));
  const appStatus = new Map((apps.data?.items ?? []).map((app) => [app.id, app.status]));
  const columns: ColumnDef<Explained>[] = [
    { id: "rank", header: t("ranking.rank"), accessorFn: (e) => e.row.rank },
    {
      id: "application",
      header: t("summary.company"),
      accessorFn: (e) => names.get(e.row.id) ?? e.row.id,
      cell: ({ row, getValue }) => <Link to={`/programs/applications/${row.original.row.id}`}>{String(getValue())}</Link>,
    },
    { id: "base", header: t("ranking.baseColumn"), accessorFn: (e) => e.row.base, cell: ({ getValue }) => format.points(Number(getValue())) },
    { id: "bonus", header: t("ranking.bonusColumn"), accessorFn: (e) => e.row.bonus, cell: ({ getValue }) => format.points(Number(getValue())) },
    { id: "fit", header: t("ranking.fitColumn"), accessorFn: (e) => e.row.adopter_fit, cell: ({ getValue }) => format.points(Number(getValue())) },
    { id: "total", header: t("ranking.totalColumn"), accessorFn: (e) => e.row.total, cell: ({ getValue }) => format.points(Number(getValue())) },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (e) => t(key(`rankStatus.${e.row.status}`)),
      cell: ({ row }) => (
        <>
          <StatusBadge tone={row.original.row.status === "selected" ? "success" : row.original.row.status === "tie_unresolved" ? "danger" : row.original.row.status === "reserve" ? "secondary" : "gray"}>
            {t(key(`rankStatus.${row.original.row.status}`))}
          </StatusBadge>
          {appStatus.get(row.original.row.id) && appStatus.get(row.original.row.id) !== "evaluation" && (
            <span className="muted"> ({t(appStatusKey(appStatus.get(row.original.row.id) ?? ""))})</span>
          )}
        </>
      ),
    },
    { id: "why", header: t("ranking.why"), enableSorting: false, accessorFn: (e) => e.row.id, cell: ({ row }) => <Explanation explained={row.original} /> },
  ];
  return (
    <QueryView query={ranking}>
      {(data) =>
        data === null ? (
          <Empty>{t("ranking.notYet")}</Empty>
        ) : (
          <>
            <p>{t("ranking.lead")}</p>
            {data.computed_at && <p className="muted">{t("ranking.computedAt", { time: format.dateTime(data.computed_at) })}</p>}
            {data.notes.length > 0 && (
              <Notice tone="warning">
                <ul className="plain-list">
                  {data.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              </Notice>
            )}
            <DataTable
              data={explainRanking(data.ranking as RankedRow[])}
              columns={columns}
              caption={t("ranking.caption")}
              pageSize={50}
              filter={false}
              rowClassName={(e) => (e.needsDecision ? "row-attention" : undefined)}
              getRowId={(e) => e.row.id}
            />
            {pending && (
              <section aria-labelledby="confirm-ranking">
                <h2 id="confirm-ranking">{t("ranking.confirmHeading")}</h2>
                <p>{t("ranking.confirmLead")}</p>
                <RankingConfirmation approval={pending} callId={call.id} />
              </section>
            )}
          </>
        )
      }
    </QueryView>
  );
}

export function CallPage() {
  const { callId = "", tab = "" } = useParams();
  const { t, lang } = useI18n();
  const api = useProgram();
  const call = useCall(callId);
  const name = call.data ? (lang === "en" && call.data.title_en ? call.data.title_en : call.data.title_ko) : t("calls.title");
  const current = (TABS as readonly string[]).includes(tab) ? (tab as Tab) : "";
  useDocumentTitle(`${name} — ${t(key(`call.tab.${current || "overview"}`))}`);
  const base = `/programs/calls/${callId}`;
  const audit = useRef((cursor: string | undefined): Promise<AuditPage> =>
    unwrap(api.GET("/calls/{call_id}/audit", { params: { path: { call_id: callId }, query: { limit: 50, cursor } } })),
  );
  return (
    <section className="area-page">
      <StaffNav />
      <p className="breadcrumb">
        <Link to="/programs/calls">{t("calls.title")}</Link>
      </p>
      <h1>{name}</h1>
      <InPageNav
        label={t("call.tabs")}
        items={TABS.map((name) => ({ to: name ? `${base}/${name}` : base, label: t(key(`call.tab.${name || "overview"}`)) }))}
      />
      {call.isPending ? (
        <Loading />
      ) : call.isError ? (
        <LoadError error={call.error} onRetry={() => void call.refetch()} />
      ) : (
        <>
          {current === "" && <Overview call={call.data} />}
          {current === "rubric" && <RubricTab call={call.data} />}
          {current === "applications" && <ApplicationsTab call={call.data} />}
          {current === "panel" && <PanelTab call={call.data} />}
          {current === "ranking" && <RankingTab call={call.data} />}
          {current === "audit" && <AuditTrail queryKey={["audit", "call", callId]} load={audit.current} caption={t("call.tab.audit")} />}
        </>
      )}
    </section>
  );
}
