import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useParams } from "react-router-dom";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Project } from "../../api/types";
import { useDocumentTitle, usePageTitle } from "../../app/usePageTitle";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId, TextArea } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { clawbackSchema, interimCheckSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Countdown } from "../../ui/Countdown";
import { DataTable } from "../../ui/DataTable";
import { LoadError, Loading, QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { AuditTrail, type AuditPage } from "../shared/AuditTrail";
import { approvalKey, key, projectStatusKey, projectTone } from "../shared/labels";
import { ProjectTimeline } from "../shared/ProjectTimeline";
import { useApprovals, useProject, useProjects } from "./queries";
import { StaffNav } from "./StaffNav";

export function ProjectsPage() {
  const { t } = useI18n();
  const format = useFormat();
  const title = usePageTitle("projects.title");
  const projects = useProjects();
  const columns: ColumnDef<Project>[] = [
    {
      id: "adopter",
      header: t("summary.company"),
      accessorFn: (p) => p.adopter?.name ?? p.id,
      cell: ({ row, getValue }) => <Link to={`/programs/projects/${row.original.id}`}>{String(getValue())}</Link>,
    },
    { id: "title", header: t("summary.title"), accessorFn: (p) => p.title ?? "" },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (p) => t(projectStatusKey(p.status)),
      cell: ({ row }) => <StatusBadge tone={projectTone(row.original.status)}>{t(projectStatusKey(row.original.status))}</StatusBadge>,
    },
    {
      id: "payment",
      header: t("project.paymentDue"),
      accessorFn: (p) => p.payment_due ?? "",
      cell: ({ row }) =>
        row.original.status === "payment_window" && row.original.payment_due ? (
          <Countdown until={row.original.payment_due} />
        ) : row.original.calendar ? (
          format.day(row.original.calendar.payment_request_due)
        ) : (
          t("ui.none")
        ),
    },
    { id: "end", header: t("projects.termEnd"), accessorFn: (p) => p.calendar?.term_end ?? "", cell: ({ row }) => (row.original.calendar ? format.day(row.original.calendar.term_end) : t("ui.none")) },
  ];
  return (
    <section className="area-page">
      <StaffNav />
      <h1>{title}</h1>
      <QueryView query={projects}>
        {(data) => <DataTable data={data.items} columns={columns} caption={title} captionHidden getRowId={(p) => p.id} empty={t("projects.empty")} />}
      </QueryView>
    </section>
  );
}

function InterimCheck({ project }: { project: Project }) {
  const { t } = useI18n();
  const api = useProgram();
  const client = useQueryClient();
  const formId = "interim";
  const form = useForm<{ findings: string }>({ resolver: zodResolver(interimCheckSchema), defaultValues: { findings: "" }, shouldFocusError: false });
  const kit = useFormKit(form);
  const record = useMutation({
    mutationFn: (values: { findings: string }) =>
      unwrap(api.POST("/projects/{project_id}/interim-checks", { params: { path: { project_id: project.id } }, body: { findings: values.findings.trim() } })),
    onSuccess: (updated) => {
      client.setQueryData(keys.project(project.id), updated);
      form.reset();
    },
  });
  const errors = form.formState.errors;
  return (
    <section aria-labelledby="interim-heading">
      <h2 id="interim-heading">{t("projects.interim")}</h2>
      <FormError error={kit.refusal} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => record.mutateAsync(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={{ findings: t("projects.findings") }} show={kit.showSummary} />
        <TextArea id={fieldId(formId, "findings")} label={t("projects.findings")} required error={errors.findings?.message} registration={form.register("findings")} />
        <button type="submit" className="krds-btn secondary" disabled={record.isPending}>
          {record.isPending ? t("ui.working") : t("projects.recordInterim")}
        </button>
      </ImeSafeForm>
    </section>
  );
}

type ClawbackValues = { trigger: "bankruptcy_or_closure" | "abandoned" | "relocated_outside_incheon" | "obligation_breach"; reason: string };

function OpenClawback({ project }: { project: Project }) {
  const { t } = useI18n();
  const api = useProgram();
  const client = useQueryClient();
  const formId = "clawback";
  const form = useForm<ClawbackValues>({ resolver: zodResolver(clawbackSchema), defaultValues: { trigger: undefined, reason: "" }, shouldFocusError: false });
  const kit = useFormKit(form);
  const [pending, setPending] = useState<ClawbackValues | null>(null);
  const open = useMutation({
    mutationFn: (values: ClawbackValues) =>
      unwrap(api.POST("/projects/{project_id}/clawback", { params: { path: { project_id: project.id } }, body: { trigger: values.trigger, reason: values.reason.trim() } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.project(project.id) });
      void client.invalidateQueries({ queryKey: keys.clawbacks() });
    },
    onSettled: () => setPending(null),
  });
  const errors = form.formState.errors;
  return (
    <section aria-labelledby="clawback-heading" className="danger-zone">
      <h2 id="clawback-heading">{t("projects.clawback")}</h2>
      {open.isSuccess && (
        <Notice tone="success" live="status">
          <p>{t("projects.clawbackOpened")}</p>
        </Notice>
      )}
      <FormError error={kit.refusal ?? open.error} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => setPending(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={{ trigger: t("projects.trigger"), reason: t("review.reason") }} show={kit.showSummary} />
        <ChoiceGroup
          id={fieldId(formId, "trigger")}
          legend={t("projects.trigger")}
          type="radio"
          inline={false}
          required
          error={errors.trigger?.message}
          registration={form.register("trigger")}
          options={(["bankruptcy_or_closure", "abandoned", "relocated_outside_incheon", "obligation_breach"] as const).map((value) => ({
            value,
            label: t(key(`clawbackTrigger.${value}`)),
          }))}
        />
        <TextArea id={fieldId(formId, "reason")} label={t("review.reason")} required error={errors.reason?.message} registration={form.register("reason")} />
        <button type="submit" className="krds-btn secondary">
          {t("projects.openClawback")}
        </button>
      </ImeSafeForm>
      <ConfirmDialog
        open={pending !== null}
        title={t("projects.clawbackConfirm")}
        confirmLabel={t("projects.openClawback")}
        busy={open.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => pending && !open.isPending && open.mutate(pending)}
      >
        <p>{t("projects.clawbackConfirmText")}</p>
      </ConfirmDialog>
    </section>
  );
}

export function ProjectPage() {
  const { projectId = "" } = useParams();
  const { t } = useI18n();
  const api = useProgram();
  const project = useProject(projectId);
  const approvals = useApprovals();
  const name = project.data ? `${project.data.adopter?.name ?? project.data.id}${project.data.title ? ` · ${project.data.title}` : ""}` : t("projects.title");
  useDocumentTitle(name);
  const audit = useRef((cursor: string | undefined): Promise<AuditPage> =>
    unwrap(api.GET("/projects/{project_id}/audit", { params: { path: { project_id: projectId }, query: { limit: 50, cursor } } })),
  );
  const pending = (approvals.data?.items ?? []).filter((approval) => approval.subject.project === projectId);
  return (
    <section className="area-page">
      <StaffNav />
      <p className="breadcrumb">
        <Link to="/programs/projects">{t("projects.title")}</Link>
      </p>
      <h1>{name}</h1>
      {project.isPending ? (
        <Loading />
      ) : project.isError ? (
        <LoadError error={project.error} onRetry={() => void project.refetch()} />
      ) : (
        <>
          <p>
            <Link to={`/programs/applications/${project.data.application}`}>{t("projects.application")}</Link>
          </p>
          {pending.length > 0 && (
            <Notice tone="information">
              <p className="notice-title">{t("projects.waiting")}</p>
              <ul className="plain-list">
                {pending.map((approval) => (
                  <li key={approval.id}>
                    <Link to={`/programs/approvals/${approval.id}`}>{t(approvalKey(approval.kind))}</Link>
                    {approval.deadline && (
                      <>
                        {" "}
                        <Countdown until={approval.deadline} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </Notice>
          )}
          <ProjectTimeline project={project.data} />
          {["in_progress", "final_report", "final_evaluation", "supplement"].includes(project.data.status) && <InterimCheck project={project.data} />}
          {["in_progress", "final_report", "supplement", "obligation"].includes(project.data.status) && <OpenClawback project={project.data} />}
          <h2>{t("review.audit")}</h2>
          <AuditTrail queryKey={["audit", "project", projectId]} load={audit.current} caption={t("review.audit")} />
        </>
      )}
    </section>
  );
}
