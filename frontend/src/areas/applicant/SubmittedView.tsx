import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application, ApplicationStatus, Call } from "../../api/types";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { fieldId, TextArea } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { answerSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { QueryView } from "../../ui/QueryView";
import { Steps } from "../../ui/Steps";
import { ApplicationSummary } from "../shared/ApplicationSummary";
import { DocumentsPanel } from "./DocumentsPanel";
import { ProjectPanel } from "./ProjectPanel";
import { progressSteps } from "./progress";
import { useDocuments, useRefreshApplication } from "./queries";
import { SectionPanel } from "./SectionPanel";

const CAN_WITHDRAW: ApplicationStatus[] = ["submitted", "under_review", "info_requested", "eligible", "screening", "evaluation", "selected", "reserve"];

function AnswerRequest({ app }: { app: Application }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useRefreshApplication(app.id);
  const formId = "answer";
  const form = useForm<{ message: string }>({ resolver: zodResolver(answerSchema), defaultValues: { message: "" }, shouldFocusError: false });
  const kit = useFormKit(form);
  const answer = useMutation({
    mutationFn: (values: { message: string }) =>
      unwrap(api.POST("/applications/{application_id}/answer", { params: { path: { application_id: app.id } }, body: { message: values.message.trim() } })),
    onSuccess: (updated) => refresh(updated),
  });
  const errors = form.formState.errors;
  return (
    <section aria-labelledby="info-request">
      <h2 id="info-request">{t("submitted.infoHeading")}</h2>
      <Notice tone="warning">
        <p className="notice-title">{t("submitted.infoAsked")}</p>
        <p>{app.reason ?? ""}</p>
      </Notice>
      <p>{t("submitted.infoLead")}</p>
      <h3>{t("applicant.step.section")}</h3>
      <SectionPanel app={app} />
      <h3>{t("applicant.step.documents")}</h3>
      <DocumentsPanel app={app} editable />
      <h3>{t("submitted.answerHeading")}</h3>
      <FormError error={kit.refusal ?? null} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => answer.mutateAsync(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={{ message: t("submitted.answer") }} show={kit.showSummary} />
        <TextArea id={fieldId(formId, "message")} label={t("submitted.answer")} required error={errors.message?.message} registration={form.register("message")} />
        <button type="submit" className="krds-btn primary" disabled={answer.isPending}>
          {answer.isPending ? t("ui.working") : t("submitted.sendAnswer")}
        </button>
      </ImeSafeForm>
    </section>
  );
}

function Outcome({ app }: { app: Application }) {
  const { t } = useI18n();
  switch (app.status) {
    case "submitted":
      return (
        <Notice tone="success" live="status">
          <p className="notice-title">{t("submitted.received")}</p>
          <p>{t("submitted.receivedText")}</p>
        </Notice>
      );
    case "selected":
      return (
        <Notice tone="success">
          <p className="notice-title">{t(app.promoted ? "submitted.promoted" : "submitted.selected")}</p>
          <p>{t("submitted.selectedText")}</p>
        </Notice>
      );
    case "reserve":
      return (
        <Notice tone="information">
          <p className="notice-title">{t("submitted.reserve", { position: app.reserve_position ?? "-" })}</p>
          <p>{t("submitted.reserveText")}</p>
        </Notice>
      );
    case "not_selected":
    case "screened_out":
    case "ineligible":
      return (
        <Notice tone="warning">
          <p className="notice-title">{t(`submitted.${app.status}`)}</p>
          {app.review_reason && <p>{app.review_reason}</p>}
        </Notice>
      );
    case "cancelled":
      return (
        <Notice tone="danger">
          <p className="notice-title">{t("submitted.cancelled")}</p>
        </Notice>
      );
    case "withdrawn":
      return (
        <Notice tone="information">
          <p className="notice-title">{t("submitted.withdrawn")}</p>
        </Notice>
      );
    default:
      return null;
  }
}

function Withdraw({ app }: { app: Application }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useRefreshApplication(app.id);
  const [asking, setAsking] = useState(false);
  const sending = useRef(false);
  const withdraw = useMutation({
    mutationFn: () => unwrap(api.POST("/applications/{application_id}/withdraw", { params: { path: { application_id: app.id } } })),
    onSuccess: (updated) => refresh(updated),
    onSettled: () => {
      sending.current = false;
      setAsking(false);
    },
  });
  return (
    <section aria-labelledby="withdraw-heading" className="danger-zone">
      <h2 id="withdraw-heading">{t("submitted.withdrawHeading")}</h2>
      <p>{t("submitted.withdrawText")}</p>
      <FormError error={withdraw.error} />
      <button type="button" className="krds-btn secondary" onClick={() => setAsking(true)}>
        {t("submitted.withdraw")}
      </button>
      <ConfirmDialog
        open={asking}
        title={t("submitted.withdrawConfirm")}
        confirmLabel={t("submitted.withdraw")}
        busy={withdraw.isPending}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          if (sending.current) return;
          sending.current = true;
          withdraw.mutate();
        }}
      >
        <p>{t("submitted.withdrawText")}</p>
      </ConfirmDialog>
    </section>
  );
}

/** After submission: read-only, the status in the applicant's words, requests answered in place, the project. */
export function SubmittedView({ app, call }: { app: Application; call: Call }) {
  const { t } = useI18n();
  const documents = useDocuments(app.id);
  const adopter = app.my_roles.includes("adopter");
  const showProject = app.status === "selected" || app.status === "cancelled";
  return (
    <>
      {app.status !== "draft" && app.status !== "withdrawn" && (
        <Steps label={t("submitted.progress")} steps={progressSteps(app.status, (stage) => t(`submitted.stage.${stage as "review"}`))} />
      )}
      <Outcome app={app} />
      {app.status === "info_requested" && adopter && <AnswerRequest app={app} />}
      {showProject && <ProjectPanel app={app} call={call} />}
      <h2>{t("submitted.contents")}</h2>
      <QueryView query={documents}>{(data) => <ApplicationSummary application={app} documents={data.items} />}</QueryView>
      {adopter && CAN_WITHDRAW.includes(app.status) && <Withdraw app={app} />}
    </>
  );
}
