import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router-dom";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Assigned } from "../../api/types";
import { useDocumentTitle } from "../../app/usePageTitle";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId, TextArea } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { declarationSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Empty, LoadError, Loading, QueryView } from "../../ui/QueryView";
import { ApplicationSummary } from "../shared/ApplicationSummary";
import { useDocuments } from "../applicant/queries";
import { useAssigned, useEvaluation } from "./queries";
import { ScoreSheet } from "./ScoreSheet";

type Declaration = { conflict: "no" | "yes"; note: string };

/** Before anything of the application is shown: a conflict of interest, or none. Declaring one recuses. */
function DeclarationForm({ entry }: { entry: Assigned }) {
  const { t } = useI18n();
  const api = useProgram();
  const client = useQueryClient();
  const navigate = useNavigate();
  const formId = "declaration";
  const form = useForm<Declaration>({
    resolver: zodResolver(declarationSchema),
    defaultValues: { conflict: undefined, note: "" },
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const [confirming, setConfirming] = useState<Declaration | null>(null);
  const declare = useMutation({
    mutationFn: (values: Declaration) =>
      unwrap(
        api.POST("/evaluations/{application_id}/declaration", {
          params: { path: { application_id: entry.application } },
          body: { conflict: values.conflict === "yes", note: values.note.trim() },
        }),
      ),
    onSuccess: (result) => {
      if (result.declaration === "recused") {
        // the list is read afresh: a cached copy would still show the application the evaluator just left
        client.removeQueries({ queryKey: keys.evaluations(), exact: true });
        navigate("/evaluations?recused=1", { replace: true });
      }
      void client.invalidateQueries({ queryKey: keys.evaluations() });
    },
    onSettled: () => setConfirming(null),
  });
  const errors = form.formState.errors;
  const labels = { conflict: t("evaluator.conflictQuestion"), note: t("evaluator.conflictNote") };
  return (
    <section aria-labelledby="declaration-heading">
      <h2 id="declaration-heading">{t("evaluator.declarationHeading")}</h2>
      <p>{t("evaluator.declarationLead")}</p>
      <ul className="plain-list">
        <li>{t("evaluator.conflict1")}</li>
        <li>{t("evaluator.conflict2")}</li>
        <li>{t("evaluator.conflict3")}</li>
      </ul>
      <p className="muted">{t("evaluator.companies", { companies: entry.companies.join(", ") })}</p>
      <FormError error={kit.refusal ?? declare.error} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => setConfirming(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        <ChoiceGroup
          id={fieldId(formId, "conflict")}
          legend={labels.conflict}
          type="radio"
          inline={false}
          required
          error={errors.conflict?.message}
          registration={form.register("conflict")}
          options={[
            { value: "no", label: t("evaluator.noConflict") },
            { value: "yes", label: t("evaluator.hasConflict"), hint: t("evaluator.hasConflictHint") },
          ]}
        />
        <TextArea id={fieldId(formId, "note")} label={labels.note} hint={t("evaluator.conflictNoteHint")} error={errors.note?.message} registration={form.register("note")} />
        <button type="submit" className="krds-btn primary">
          {t("evaluator.declare")}
        </button>
      </ImeSafeForm>
      <ConfirmDialog
        open={confirming !== null}
        title={t(confirming?.conflict === "yes" ? "evaluator.confirmRecuse" : "evaluator.confirmClear")}
        confirmLabel={t("evaluator.declare")}
        busy={declare.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming && !declare.isPending) declare.mutate(confirming);
        }}
      >
        <p>{t(confirming?.conflict === "yes" ? "evaluator.confirmRecuseBody" : "evaluator.confirmClearBody")}</p>
      </ConfirmDialog>
    </section>
  );
}

function Cleared({ entry }: { entry: Assigned }) {
  const { t } = useI18n();
  const evaluation = useEvaluation(entry.application, true);
  const documents = useDocuments(entry.application);
  return (
    <QueryView query={evaluation}>
      {(view) => (
        <>
          <ScoreSheet appId={entry.application} rubric={view.rubric} sheet={view.sheet} />
          <h2>{t("evaluator.application")}</h2>
          {documents.isError ? (
            <Notice tone="information">
              <p>{t("evaluator.documentsUnavailable")}</p>
            </Notice>
          ) : null}
          <ApplicationSummary application={view.application} documents={documents.data?.items} />
        </>
      )}
    </QueryView>
  );
}

export function EvaluationPage() {
  const { appId = "" } = useParams();
  const { t } = useI18n();
  const assigned = useAssigned();
  const entry = assigned.data?.find((row) => row.application === appId);
  useDocumentTitle(entry?.title || t("evaluator.pageTitle"));
  if (assigned.isPending) return <Loading />;
  if (assigned.isError) return <LoadError error={assigned.error} onRetry={() => void assigned.refetch()} />;
  return (
    <section className="area-page">
      <p className="breadcrumb">
        <Link to="/evaluations">{t("area.evaluations")}</Link>
      </p>
      <h1>{entry?.title || t("evaluator.pageTitle")}</h1>
      {!entry ? (
        <Empty>{t("evaluator.notAssigned")}</Empty>
      ) : entry.declaration === "assigned" ? (
        <DeclarationForm entry={entry} />
      ) : (
        <Cleared entry={entry} />
      )}
    </section>
  );
}
