import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application, ConsentItem, ConsentText } from "../../api/types";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { consentSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { QueryView } from "../../ui/QueryView";
import { useConsentText, useRefreshApplication } from "./queries";

type Answers = Record<string, "agree" | "disagree">;
const FORM = "consent";

/** The full text of one consent, readable without opening anything (purpose, items, retention, refusal). */
function ConsentDetails({ item }: { item: ConsentItem }) {
  const { t } = useI18n();
  return (
    <table className="tbl consent-table">
      <caption className="sr-only">{item.title}</caption>
      <tbody>
        <tr>
          <th scope="row">{t("consent.purpose")}</th>
          <td>{item.purpose}</td>
        </tr>
        <tr>
          <th scope="row">{t("consent.data")}</th>
          <td>{item.data}</td>
        </tr>
        <tr>
          <th scope="row">{t("consent.retention")}</th>
          <td>{item.retention}</td>
        </tr>
        <tr>
          <th scope="row">{t("consent.refusal")}</th>
          <td>{item.refusal}</td>
        </tr>
      </tbody>
    </table>
  );
}

function ConsentForm({ app, text }: { app: Application; text: ConsentText }) {
  const { t, lang } = useI18n();
  const api = useProgram();
  const refresh = useRefreshApplication(app.id);
  const given = app.consents as Record<string, unknown>;
  const form = useForm<Answers>({
    resolver: zodResolver(consentSchema(text.items)),
    // nothing pre-checked: only what this application recorded before
    defaultValues: Object.fromEntries(
      text.items
        .filter((item) => typeof given[item.id] === "boolean")
        .map((item) => [item.id, given[item.id] ? "agree" : "disagree"]),
    ) as Answers,
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (answers: Answers) =>
      unwrap(
        api.PUT("/applications/{application_id}/consent", {
          params: { path: { application_id: app.id } },
          body: {
            consents: Object.fromEntries(text.items.map((item) => [item.id, answers[item.id] === "agree"])),
            text_version: text.version,
          },
        }),
      ),
    onSuccess: (updated) => {
      refresh(updated);
      setSaved(true);
    },
  });
  const errors = form.formState.errors;
  const labels = Object.fromEntries(text.items.map((item) => [item.id, item.title]));
  const group = (required: boolean) =>
    text.items
      .filter((item) => item.required === required)
      .map((item) => (
        <div key={item.id} className="consent-item">
          <h4>{item.title}</h4>
          <ConsentDetails item={item} />
          <ChoiceGroup
            id={fieldId(FORM, item.id)}
            legend={t("consent.question", { title: item.title })}
            type="radio"
            required={required}
            error={errors[item.id]?.message}
            registration={form.register(item.id)}
            options={[
              { value: "agree", label: t("consent.agree") },
              { value: "disagree", label: t("consent.disagree") },
            ]}
          />
        </div>
      ));
  return (
    <>
      {lang === "en" && (
        <Notice tone="information">
          <p>{t("consent.koreanText")}</p>
        </Notice>
      )}
      {saved && (
        <Notice tone="success" live="status">
          <p>{t("consent.saved")}</p>
        </Notice>
      )}
      <FormError error={kit.refusal ?? null} />
      <ImeSafeForm id={FORM} className="fieldset" onValidSubmit={kit.submit((answers) => save.mutateAsync(answers))}>
        <ErrorSummary ref={kit.summaryRef} formId={FORM} errors={errors} labels={labels} show={kit.showSummary} />
        <section aria-labelledby="consent-required">
          <h3 id="consent-required">{t("consent.required")}</h3>
          {group(true)}
        </section>
        <section aria-labelledby="consent-optional">
          <h3 id="consent-optional">{t("consent.optional")}</h3>
          <p>{t("consent.optionalLead")}</p>
          {group(false)}
        </section>
        <p className="muted">{t("consent.version", { version: text.version })}</p>
        <button type="submit" className="krds-btn primary" disabled={save.isPending}>
          {save.isPending ? t("ui.saving") : t("consent.save")}
        </button>
      </ImeSafeForm>
    </>
  );
}

/** 개인정보 수집·이용 동의: required and optional items apart, nothing pre-checked, the full text on the page. */
export function ConsentPanel({ app }: { app: Application }) {
  const text = useConsentText();
  return <QueryView query={text}>{(data) => <ConsentForm app={app} text={data} />}</QueryView>;
}
