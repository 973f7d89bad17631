import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Rubric, Sheet } from "../../api/types";
import { sheetItems, sheetSums } from "../../domain/scoring";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { fieldId, TextArea, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { scoreSheetSchema } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { useFormat } from "../../ui/useFormat";

type Values = { items: Record<string, string>; comments: string };
const AUTOSAVE_MS = 1500;

/** Points as stored ("14.0") in the way people write them ("14"). */
function shown(points: string | null | undefined): string {
  if (points === null || points === undefined || points === "") return "-";
  const value = Number(points);
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : points;
}

function label(part: { id: string; label_ko?: string; label_en?: string }, lang: string) {
  return (lang === "en" ? part.label_en : part.label_ko) || part.id;
}

/** A submitted sheet: locked, the evaluator's own points only. */
function SubmittedSheet({ rubric, sheet }: { rubric: Rubric; sheet: Sheet }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  return (
    <>
      <Notice tone="success">
        <p className="notice-title">{t("sheet.submitted")}</p>
        {sheet.saved_at && <p>{t("sheet.submittedAt", { time: format.dateTime(sheet.saved_at) })}</p>}
      </Notice>
      <table className="tbl score-table">
        <caption>{t("sheet.mine")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("sheet.item")}</th>
            <th scope="col">{t("sheet.points")}</th>
          </tr>
        </thead>
        <tbody>
          {rubric.categories.map((category) => (
            <Fragment key={category.id}>
              <tr className="category-row">
                <th scope="row">{label(category, lang)}</th>
                <td>{t("ui.pointsOf", { points: shown(sheet.categories[category.id]), max: category.max })}</td>
              </tr>
              {category.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row" className="item-cell">{label(item, lang)}</th>
                  <td>{t("ui.pointsOf", { points: shown(sheet.items[item.id]), max: item.max })}</td>
                </tr>
              ))}
            </Fragment>
          ))}
          <tr className="total-row">
            <th scope="row">{t("sheet.total")}</th>
            <td>{t("ui.pointsOf", { points: shown(sheet.total), max: rubric.total })}</td>
          </tr>
        </tbody>
      </table>
      {sheet.comments && (
        <>
          <h3>{t("sheet.comments")}</h3>
          <p className="prewrap">{sheet.comments}</p>
        </>
      )}
    </>
  );
}

/**
 * The score sheet: each rubric item within its bounds, category and total sums as one types, comments,
 * autosave of the draft, then submit (locked afterwards).
 */
export function ScoreSheet({ appId, rubric, sheet }: { appId: string; rubric: Rubric; sheet: Sheet | null }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const api = useProgram();
  const client = useQueryClient();
  const formId = "score-sheet";
  const schema = useMemo(() => scoreSheetSchema(rubric), [rubric]);
  const items = rubric.categories.flatMap((category) => category.items);
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      items: Object.fromEntries(items.map((item) => [item.id, sheet?.items[item.id] ? shown(sheet.items[item.id]) : ""])),
      comments: sheet?.comments ?? "",
    },
    shouldFocusError: false,
  });
  const kit = useFormKit(form, Object.fromEntries(items.map((item) => [item.id, `items.${item.id}`])));
  const values = useWatch({ control: form.control });
  const sums = sheetSums(rubric, values.items ?? {});
  const [savedAt, setSavedAt] = useState<number | null>(sheet?.saved_at ? Date.parse(sheet.saved_at) : null);
  const [confirming, setConfirming] = useState(false);
  const submitting = useRef(false);
  const save = useMutation({
    // one save of this sheet at a time: a submission confirmed while the autosave is on its way runs after it
    scope: { id: `score-sheet:${appId}` },
    mutationFn: (input: { values: Values; submit: boolean }) =>
      unwrap(
        api.PUT("/evaluations/{application_id}/sheet", {
          params: { path: { application_id: appId } },
          body: { items: sheetItems(input.values.items), comments: input.values.comments, submit: input.submit },
        }),
      ),
    onSuccess: (_, input) => {
      setSavedAt(Date.now());
      if (input.submit) {
        void client.invalidateQueries({ queryKey: keys.evaluation(appId) });
        void client.invalidateQueries({ queryKey: keys.evaluations() });
      }
    },
  });

  // autosave: a quiet draft save a moment after the last change
  const dirty = form.formState.isDirty;
  const latest = useRef(values);
  latest.current = values;
  useEffect(() => {
    if (!dirty || sheet?.status === "submitted") return undefined;
    const timer = window.setTimeout(() => {
      if (!save.isPending && !submitting.current) save.mutate({ values: form.getValues(), submit: false });
    }, AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
    // values are the trigger: save and form keep their identity between renders
  }, [values, dirty]);

  if (sheet?.status === "submitted") return <SubmittedSheet rubric={rubric} sheet={sheet} />;

  const errors = form.formState.errors;
  const labels = Object.fromEntries([
    ...items.map((item) => [`items.${item.id}`, label(item, lang)]),
    ["comments", t("sheet.comments")],
  ]);
  return (
    <section aria-labelledby="sheet-heading">
      <h2 id="sheet-heading">{t("sheet.heading")}</h2>
      <p>{t("sheet.lead")}</p>
      <FormError error={kit.refusal ?? (save.isError && !save.variables?.submit ? save.error : null)} />
      <ImeSafeForm id={formId} className="fieldset score-sheet" onValidSubmit={kit.submit(() => setConfirming(true))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        {rubric.categories.map((category) => {
          const sum = sums.categories[category.id];
          return (
            <fieldset key={category.id} className="score-category">
              <legend>
                {label(category, lang)} <span className="category-sum">{t("sheet.categorySum", { points: format.points(sum?.sum ?? 0), max: category.max })}</span>
              </legend>
              {category.items.map((item) => (
                <TextInput
                  key={item.id}
                  id={fieldId(formId, `items.${item.id}`)}
                  label={label(item, lang)}
                  hint={t("sheet.bounds", { max: item.max })}
                  inputMode="decimal"
                  autoComplete="off"
                  className="score-item"
                  required
                  error={errors.items?.[item.id]?.message}
                  registration={form.register(`items.${item.id}`)}
                />
              ))}
            </fieldset>
          );
        })}
        <p className="score-total" aria-live="polite">
          {t("sheet.totalLive", { points: format.points(sums.total), max: rubric.total })}
        </p>
        <TextArea id={fieldId(formId, "comments")} label={t("sheet.comments")} hint={t("sheet.commentsHint")} error={errors.comments?.message} registration={form.register("comments")} />
        <p className="save-status" role="status">
          {save.isPending && !save.variables?.submit ? t("sheet.saving") : savedAt ? t("sheet.autosaved", { time: format.dateTime(savedAt) }) : ""}
        </p>
        <div className="btn-wrap">
          <button type="button" className="krds-btn secondary" disabled={save.isPending} onClick={() => save.mutate({ values: form.getValues(), submit: false })}>
            {t("applicant.saveDraft")}
          </button>
          <button type="submit" className="krds-btn primary" disabled={save.isPending}>
            {t("sheet.submit")}
          </button>
        </div>
      </ImeSafeForm>
      <ConfirmDialog
        open={confirming}
        title={t("sheet.confirmTitle")}
        confirmLabel={t("sheet.submit")}
        busy={save.isPending && Boolean(save.variables?.submit)}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (submitting.current) return;
          submitting.current = true;
          save.mutate(
            { values: form.getValues(), submit: true },
            {
              onSuccess: () => setConfirming(false), // stays submitting: the sheet is locked now
              onError: (error) => {
                submitting.current = false;
                setConfirming(false);
                kit.setRefusal(error);
              },
            },
          );
        }}
      >
        <p>{t("sheet.confirmBody", { points: format.points(sums.total), max: rubric.total })}</p>
      </ConfirmDialog>
    </section>
  );
}
