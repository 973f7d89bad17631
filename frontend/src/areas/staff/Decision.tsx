import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useRef, useState, type ReactNode } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { Link } from "react-router-dom";
import { ApiError } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Approval, Decision } from "../../api/types";
import { kstDay } from "../../domain/deadlines";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId, TextArea, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { decisionSchemas } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { useFormat } from "../../ui/useFormat";
import { key } from "../shared/labels";
import { useCallApplications, useRanking } from "./queries";
import { decisionBody } from "./decisions";
import { adopterName } from "./subjects";

/**
 * Deciding an approval, once: the button is held while the decision travels and a second click sends nothing;
 * if someone else decided first (409), the page says so calmly and shows the approval as it now is.
 */
/** Set when a decision met one made elsewhere first: the panel keeps saying so once the approval shows decided. */
const ConflictContext = createContext<(conflict: boolean) => void>(() => undefined);

export function useDecide(approval: Approval) {
  const api = useProgram();
  const client = useQueryClient();
  const sending = useRef(false);
  const [alreadyDecided, setConflict] = useState(false);
  const report = useContext(ConflictContext);
  const setAlreadyDecided = (conflict: boolean) => {
    setConflict(conflict);
    report(conflict);
  };
  const mutation = useMutation({
    mutationFn: (body: Decision) =>
      unwrap(api.POST("/approvals/{approval_id}/decision", { params: { path: { approval_id: approval.id } }, body })),
    // once decided, this page never sends another decision; after a failure it may try again
    onSuccess: (decided) => client.setQueryData(keys.approval(approval.id), decided),
    onError: (error) => {
      sending.current = false;
      if (error instanceof ApiError && error.status === 409) setAlreadyDecided(true);
    },
    onSettled: () => {
      // the subject changes too (an application's status, a project's step, the ranking)
      for (const queryKey of [keys.approvals(), keys.approval(approval.id), ["application"], ["applications"], ["projects"], ["calls"]]) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
  const decide = async (body: Decision) => {
    if (sending.current) return;
    sending.current = true;
    setAlreadyDecided(false);
    await mutation.mutateAsync(body);
  };
  return { decide, mutation, alreadyDecided };
}

function AlreadyDecided() {
  const { t } = useI18n();
  return (
    <Notice tone="information" live="status">
      <p className="notice-title">{t("decision.alreadyDecided")}</p>
      <p>{t("decision.alreadyDecidedText")}</p>
    </Notice>
  );
}

type FieldKind = "radio" | "textarea" | "date" | "won";
const FIELDS: Record<string, { name: string; type: FieldKind; options?: string[] }[]> = {
  requirements_review: [
    { name: "outcome", type: "radio", options: ["eligible", "ineligible", "more_info"] },
    { name: "reason", type: "textarea" },
  ],
  cost_audit: [{ name: "audited_budget", type: "won" }],
  agreement: [{ name: "signed_on", type: "date" }],
  payment: [{ name: "paid_on", type: "date" }],
  report_meeting: [{ name: "held_on", type: "date" }],
  final_evaluation: [
    { name: "verdict", type: "radio", options: ["success", "supplement", "fail"] },
    { name: "reason", type: "textarea" },
  ],
  plan_change: [
    { name: "approved", type: "radio", options: ["yes", "no"] },
    { name: "reason", type: "textarea" },
  ],
  repayment: [{ name: "repaid", type: "radio", options: ["yes", "no"] }],
};

function FieldsDecision({ approval }: { approval: Approval }) {
  const { t } = useI18n();
  const fields = FIELDS[approval.kind] ?? [];
  const schema = decisionSchemas[approval.kind as keyof typeof decisionSchemas];
  const formId = `decision-${approval.kind}`;
  const today = kstDay(Date.now());
  const form = useForm<Record<string, string>>({
    resolver: zodResolver(schema as never) as unknown as Resolver<Record<string, string>>,
    defaultValues: Object.fromEntries(fields.map((field) => [field.name, field.type === "date" ? today : ""])),
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const { decide, mutation, alreadyDecided } = useDecide(approval);
  const errors = form.formState.errors;
  const labels = Object.fromEntries(fields.map((field) => [field.name, t(key(`decision.field.${field.name}`))]));
  return (
    <>
      {alreadyDecided && <AlreadyDecided />}
      {!alreadyDecided && <FormError error={kit.refusal} title={t("decision.refused")} />}
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => decide(decisionBody(approval.kind, values)))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        {fields.map((field) =>
          field.type === "radio" ? (
            <ChoiceGroup
              key={field.name}
              id={fieldId(formId, field.name)}
              legend={labels[field.name]}
              type="radio"
              inline={false}
              required
              error={errors[field.name]?.message}
              registration={form.register(field.name)}
              options={(field.options ?? []).map((value) => ({ value, label: t(key(`decision.${field.name}.${value}`)) }))}
            />
          ) : field.type === "textarea" ? (
            <TextArea
              key={field.name}
              id={fieldId(formId, field.name)}
              label={labels[field.name]}
              hint={t("decision.reasonHint")}
              error={errors[field.name]?.message}
              registration={form.register(field.name)}
            />
          ) : (
            <TextInput
              key={field.name}
              id={fieldId(formId, field.name)}
              label={labels[field.name]}
              hint={field.type === "won" ? t("decision.wonHint") : t("decision.dateHint")}
              type={field.type === "date" ? "date" : "text"}
              inputMode={field.type === "won" ? "numeric" : undefined}
              required
              error={errors[field.name]?.message}
              registration={form.register(field.name)}
            />
          ),
        )}
        <button type="submit" className="krds-btn primary" disabled={mutation.isPending || mutation.isSuccess} aria-busy={mutation.isPending}>
          {mutation.isPending ? t("ui.working") : t("decision.submit")}
        </button>
      </ImeSafeForm>
    </>
  );
}

/** panel_assignment, insurance_recovery: the decision is the confirmation itself. */
function ConfirmDecision({ approval, children }: { approval: Approval; children?: ReactNode }) {
  const { t } = useI18n();
  const { decide, mutation, alreadyDecided } = useDecide(approval);
  return (
    <>
      {children}
      {alreadyDecided ? <AlreadyDecided /> : <FormError error={mutation.error} title={t("decision.refused")} />}
      <button type="button" className="krds-btn primary" disabled={mutation.isPending || mutation.isSuccess} onClick={() => void decide({}).catch(() => undefined)}>
        {mutation.isPending ? t("ui.working") : t("decision.confirm")}
      </button>
    </>
  );
}

/** R-SEL-3/4: confirm the board; a tie across the last place needs staff's choice among the tied. */
export function RankingConfirmation({ approval, callId }: { approval: Approval; callId: string }) {
  const { t } = useI18n();
  const ranking = useRanking(callId);
  const apps = useCallApplications(callId);
  const { decide, mutation, alreadyDecided } = useDecide(approval);
  const [chosen, setChosen] = useState<string[]>([]);
  const tied = (ranking.data?.ranking ?? []).filter((row) => row.status === "tie_unresolved");
  const names = new Map((apps.data?.items ?? []).map((app) => [app.id, adopterName(app)]));
  return (
    <div className="ranking-confirmation">
      {alreadyDecided ? <AlreadyDecided /> : <FormError error={mutation.error} title={t("decision.refused")} />}
      {tied.length > 0 && (
        <fieldset className="form-group choice-group">
          <legend className="form-tit">{t("ranking.chooseTied")}</legend>
          <div className="krds-check-area chk-column">
            {tied.map((row) => (
              <div key={row.id} className="krds-form-check">
                <input
                  type="checkbox"
                  id={`tie-${row.id}`}
                  checked={chosen.includes(row.id)}
                  onChange={(event) => setChosen((current) => (event.target.checked ? [...current, row.id] : current.filter((id) => id !== row.id)))}
                />
                <label htmlFor={`tie-${row.id}`}>{names.get(row.id) ?? row.id}</label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      <button
        type="button"
        className="krds-btn primary"
        disabled={mutation.isPending || mutation.isSuccess}
        onClick={() => void decide({ selected: chosen }).catch(() => undefined)}
      >
        {mutation.isPending ? t("ui.working") : t("ranking.confirm")}
      </button>
    </div>
  );
}

/** R-REV-2 / OP-4: which screened applications go on to the evaluation. */
function ScreeningDecision({ approval }: { approval: Approval }) {
  const { t } = useI18n();
  const callId = approval.subject.call ?? "";
  const apps = useCallApplications(callId);
  const { decide, mutation, alreadyDecided } = useDecide(approval);
  const [chosen, setChosen] = useState<string[]>([]);
  const screening = (apps.data?.items ?? []).filter((app) => app.status === "screening");
  return (
    <>
      {alreadyDecided ? <AlreadyDecided /> : <FormError error={mutation.error} title={t("decision.refused")} />}
      <fieldset className="form-group choice-group">
        <legend className="form-tit">{t("decision.advance")}</legend>
        <div className="krds-check-area chk-column">
          {screening.map((app) => (
            <div key={app.id} className="krds-form-check">
              <input
                type="checkbox"
                id={`advance-${app.id}`}
                checked={chosen.includes(app.id)}
                onChange={(event) => setChosen((current) => (event.target.checked ? [...current, app.id] : current.filter((id) => id !== app.id)))}
              />
              <label htmlFor={`advance-${app.id}`}>
                {adopterName(app)} · {app.title}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <button type="button" className="krds-btn primary" disabled={mutation.isPending || mutation.isSuccess} onClick={() => void decide({ advance: chosen }).catch(() => undefined)}>
        {mutation.isPending ? t("ui.working") : t("decision.submit")}
      </button>
    </>
  );
}

/** An approval's decision (or, once decided, who decided what and when). */
export function DecisionPanel({ approval }: { approval: Approval }) {
  const [conflict, setConflict] = useState(false);
  return (
    <ConflictContext.Provider value={setConflict}>
      {conflict && approval.status !== "PENDING" && <AlreadyDecided />}
      <Decided approval={approval} />
    </ConflictContext.Provider>
  );
}

function Decided({ approval }: { approval: Approval }) {
  const { t } = useI18n();
  const format = useFormat();
  if (approval.status !== "PENDING") {
    return (
      <Notice tone={approval.status === "DECIDED" ? "success" : "warning"}>
        <p className="notice-title">{t(approval.status === "DECIDED" ? "decision.decided" : "decision.expired")}</p>
        {approval.decided_by && (
          <p>
            {t("decision.decidedBy", { by: approval.decided_by, at: approval.closed_at ? format.dateTime(approval.closed_at) : "-" })}
          </p>
        )}
      </Notice>
    );
  }
  switch (approval.kind) {
    case "ranking_confirmation":
      return <RankingConfirmation approval={approval} callId={approval.subject.call ?? ""} />;
    case "document_screening":
      return <ScreeningDecision approval={approval} />;
    case "panel_assignment":
      return (
        <ConfirmDecision approval={approval}>
          <p>
            {t("decision.panelText")} <Link to={`/programs/calls/${approval.subject.call}/panel`}>{t("call.tab.panel")}</Link>
          </p>
        </ConfirmDecision>
      );
    case "insurance_recovery":
      return <ConfirmDecision approval={approval} />;
    default:
      return FIELDS[approval.kind] ? <FieldsDecision approval={approval} /> : <p>{t("decision.notStaffs")}</p>;
  }
}
