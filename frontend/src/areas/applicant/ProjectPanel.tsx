import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { keys, projectIdFor } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application, Call, Document, Project } from "../../api/types";
import { PAYMENT_DOCUMENTS } from "../../domain/documents";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { fieldId, SelectInput, TextArea } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { planChangeSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { QueryView } from "../../ui/QueryView";
import { ProjectTimeline } from "../shared/ProjectTimeline";
import { currentDocument, DocumentSlot } from "./DocumentSlot";
import { useDocuments, useProjectOf } from "./queries";

function useProjectStep(project: Project) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.project(project.id) });
    void client.invalidateQueries({ queryKey: keys.application(project.application) });
  };
}

/** R-PAY-1: within 14 days of signing, the request with its three documents. */
function PaymentRequest({ app, project, documents }: { app: Application; project: Project; documents: Document[] }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useProjectStep(project);
  const sending = useRef(false);
  const chosen = PAYMENT_DOCUMENTS.map((kind) => currentDocument(documents, kind, "adopter"));
  const ready = chosen.every((doc) => doc && doc.status === "clean");
  const request = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/projects/{project_id}/payment-request", {
          params: { path: { project_id: project.id } },
          body: { documents: chosen.filter((doc): doc is Document => Boolean(doc)).map((doc) => doc.id) },
        }),
      ),
    onSuccess: refresh,
    onSettled: () => {
      sending.current = false;
    },
  });
  if (project.payment_request) {
    return (
      <Notice tone="success">
        <p>{t("project.paymentRequested")}</p>
      </Notice>
    );
  }
  return (
    <section aria-labelledby="payment-request">
      <h3 id="payment-request">{t("project.paymentRequestHeading")}</h3>
      <p>{t("project.paymentRequestLead")}</p>
      <ul className="document-list">
        {PAYMENT_DOCUMENTS.map((kind) => (
          <DocumentSlot key={kind} app={app} kind={kind} role="adopter" required documents={documents} editable />
        ))}
      </ul>
      <FormError error={request.error} />
      <button
        type="button"
        className="krds-btn primary"
        disabled={!ready || request.isPending}
        aria-describedby="payment-ready"
        onClick={() => {
          if (sending.current) return;
          sending.current = true;
          request.mutate();
        }}
      >
        {request.isPending ? t("ui.working") : t("project.requestPayment")}
      </button>
      <p id="payment-ready" className="form-hint">
        {ready ? t("project.paymentReady") : t("project.paymentNotReady")}
      </p>
    </section>
  );
}

/** R-FIN-2 / R-FIN-3: the final report (or, after a "supplement" verdict, the supplemented one). */
function Report({ app, project, documents, step }: { app: Application; project: Project; documents: Document[]; step: "final-report" | "supplement" }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useProjectStep(project);
  const sending = useRef(false);
  const report = currentDocument(documents, "final_report", "adopter");
  const send = useMutation({
    mutationFn: () =>
      step === "final-report"
        ? unwrap(api.POST("/projects/{project_id}/final-report", { params: { path: { project_id: project.id } }, body: { document: report?.id ?? "" } }))
        : unwrap(api.POST("/projects/{project_id}/supplement", { params: { path: { project_id: project.id } }, body: { document: report?.id ?? "" } })),
    onSuccess: refresh,
    onSettled: () => {
      sending.current = false;
    },
  });
  return (
    <section aria-labelledby="final-report">
      <h3 id="final-report">{t(step === "final-report" ? "project.finalReportHeading" : "project.supplementHeading")}</h3>
      <ul className="document-list">
        <DocumentSlot app={app} kind="final_report" role="adopter" required documents={documents} editable />
      </ul>
      <FormError error={send.error} />
      {send.isSuccess && (
        <Notice tone="success" live="status">
          <p>{t("project.reportSent")}</p>
        </Notice>
      )}
      <button
        type="button"
        className="krds-btn primary"
        disabled={!report || report.status !== "clean" || send.isPending}
        onClick={() => {
          if (sending.current) return;
          sending.current = true;
          send.mutate();
        }}
      >
        {send.isPending ? t("ui.working") : t("project.sendReport")}
      </button>
    </section>
  );
}

/** R-AGR-3 / R-PRG-2: a plan change or an extension, asked during the term until the cutoff. */
function PlanChange({ project }: { project: Project }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useProjectStep(project);
  const formId = "plan-change";
  const form = useForm<{ summary: string; extension_months: "0" | "1" | "2" | "3" }>({
    resolver: zodResolver(planChangeSchema),
    defaultValues: { summary: "", extension_months: "0" },
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const [sent, setSent] = useState(false);
  const ask = useMutation({
    mutationFn: (values: { summary: string; extension_months: string }) =>
      unwrap(
        api.POST("/projects/{project_id}/plan-changes", {
          params: { path: { project_id: project.id } },
          body: { summary: values.summary.trim(), extension_months: Number(values.extension_months) },
        }),
      ),
    onSuccess: () => {
      refresh();
      setSent(true);
      form.reset();
    },
  });
  const errors = form.formState.errors;
  const labels = { summary: t("project.changeSummary"), extension_months: t("project.extensionMonths") };
  return (
    <section aria-labelledby="plan-change-heading">
      <h3 id="plan-change-heading">{t("project.planChangeHeading")}</h3>
      {sent && (
        <Notice tone="success" live="status">
          <p>{t("project.planChangeSent")}</p>
        </Notice>
      )}
      <FormError error={kit.refusal ?? null} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => ask.mutateAsync(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        <TextArea id={fieldId(formId, "summary")} label={labels.summary} required error={errors.summary?.message} registration={form.register("summary")} />
        <SelectInput
          id={fieldId(formId, "extension_months")}
          label={labels.extension_months}
          hint={t("project.extensionHint")}
          error={errors.extension_months?.message}
          registration={form.register("extension_months")}
          options={["0", "1", "2", "3"].map((months) => ({ value: months, label: t("project.months", { months }) }))}
        />
        <button type="submit" className="krds-btn secondary" disabled={ask.isPending}>
          {ask.isPending ? t("ui.working") : t("project.askPlanChange")}
        </button>
      </ImeSafeForm>
    </section>
  );
}

/** The selected company's project: its dates, the payment window, the reports (R-AGR … R-FIN). */
export function ProjectPanel({ app }: { app: Application; call: Call }) {
  const { t } = useI18n();
  const project = useProjectOf(app.id, true);
  const documents = useDocuments(app.id);
  return (
    <section aria-labelledby="project-heading" className="project-panel">
      <h2 id="project-heading">{t("project.heading")}</h2>
      <QueryView query={project}>
        {(data) =>
          data === null ? (
            <p>{t("project.notStarted", { id: projectIdFor(app.id) })}</p>
          ) : (
            <>
              <ProjectTimeline project={data} />
              {documents.data && data.status === "payment_window" && <PaymentRequest app={app} project={data} documents={documents.data.items} />}
              {documents.data && data.status === "in_progress" && (
                <>
                  <Report app={app} project={data} documents={documents.data.items} step="final-report" />
                  <PlanChange project={data} />
                </>
              )}
              {documents.data && data.status === "supplement" && <Report app={app} project={data} documents={documents.data.items} step="supplement" />}
            </>
          )
        }
      </QueryView>
    </section>
  );
}
