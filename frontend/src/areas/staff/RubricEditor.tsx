import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Fragment, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Call, Rubric } from "../../api/types";
import { categoriesSum, itemsSum, rubricProblems, type RubricProblem } from "../../domain/rubric";
import { parsePoints } from "../../domain/scoring";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { fieldId, TextArea } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { rubricEditSchema, type RubricEditValues } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { useFormat } from "../../ui/useFormat";

const FORM = "rubric";

function toValues(rubric: Rubric): RubricEditValues {
  return {
    total: String(rubric.total),
    categories: rubric.categories.map((category) => ({
      id: category.id,
      label_ko: category.label_ko ?? "",
      label_en: category.label_en ?? "",
      max: String(category.max),
      items: category.items.map((item) => ({ id: item.id, label_ko: item.label_ko ?? "", label_en: item.label_en ?? "", max: String(item.max) })),
    })),
    note: "",
  };
}

/** The form as a rubric (points that are not numbers count as 0, which the checks then report). */
function toRubric(values: Partial<RubricEditValues>): Rubric {
  const points = (text: string | undefined) => parsePoints(text) ?? 0;
  const label = (part: { label_ko?: string; label_en?: string }) => ({
    ...(part.label_ko ? { label_ko: part.label_ko } : {}),
    ...(part.label_en ? { label_en: part.label_en } : {}),
  });
  return {
    total: points(values.total),
    categories: (values.categories ?? []).map((category) => ({
      id: category?.id ?? "",
      max: points(category?.max),
      ...label(category ?? {}),
      items: (category?.items ?? []).map((item) => ({ id: item?.id ?? "", max: points(item?.max), ...label(item ?? {}) })),
    })),
  };
}

/** Each problem in words, naming the categories and items by their labels. */
export function useProblemText(rubric: Rubric) {
  const { t, lang } = useI18n();
  const names = new Map<string, string>();
  for (const category of rubric.categories) {
    names.set(category.id, (lang === "en" ? category.label_en : category.label_ko) || category.id);
    for (const item of category.items) names.set(item.id, (lang === "en" ? item.label_en : item.label_ko) || item.id);
  }
  const name = (id: string) => names.get(id) ?? id;
  return (problem: RubricProblem): string => {
    switch (problem.kind) {
      case "categorySum":
        return t("rubric.problem.categorySum", { category: name(problem.category), items: problem.items, max: problem.max });
      case "totalSum":
        return t("rubric.problem.totalSum", { categories: problem.categories, total: problem.total });
      case "itemMax":
        return t("rubric.problem.itemMax", { category: name(problem.category), item: name(problem.item) });
      case "categoryMax":
        return t("rubric.problem.categoryMax", { category: name(problem.category) });
      case "noItems":
        return t("rubric.problem.noItems", { category: name(problem.category) });
      case "duplicate":
        return t("rubric.problem.duplicate", { id: problem.id });
      case "noCategories":
        return t("rubric.problem.noCategories");
      case "total":
        return t("rubric.problem.total");
    }
  };
}

export function ProblemList({ rubric, live }: { rubric: Rubric; live?: boolean }) {
  const { t } = useI18n();
  const problems = rubricProblems(rubric);
  const text = useProblemText(rubric);
  return (
    <div className="rubric-problems">
      <p role={live ? "status" : undefined} className={problems.length ? "sum-mismatch" : "sum-ok"}>
        {problems.length ? t("rubric.problemCount", { count: problems.length }) : t("rubric.noProblems")}
      </p>
      {problems.length > 0 && (
        <Notice tone="warning">
          <ul className="plain-list">
            {problems.map((problem, index) => (
              <li key={index}>{text(problem)}</li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}

/** A draft call's rubric, edited with live validation (items add up to their category, categories to the total). */
export function RubricEditor({ call, onSaved }: { call: Call; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const api = useProgram();
  const client = useQueryClient();
  const form = useForm<RubricEditValues>({ resolver: zodResolver(rubricEditSchema), defaultValues: toValues(call.rubric), shouldFocusError: false });
  const kit = useFormKit(form);
  const values = useWatch({ control: form.control });
  const live = useMemo(() => toRubric(values as RubricEditValues), [values]);
  const save = useMutation({
    mutationFn: (edited: RubricEditValues) =>
      unwrap(api.PUT("/calls/{call_id}/rubric", { params: { path: { call_id: call.id } }, body: { rubric: toRubric(edited), note: edited.note.trim() } })),
    onSuccess: (updated) => {
      client.setQueryData(keys.call(call.id), updated);
      void client.invalidateQueries({ queryKey: keys.calls() });
      onSaved();
    },
  });
  const errors = form.formState.errors;
  const labelOf = (part: { id: string; label_ko?: string; label_en?: string }) => (lang === "en" ? part.label_en : part.label_ko) || part.id;
  const labels: Record<string, string> = { note: t("rubric.note"), total: t("rubric.total") };
  call.rubric.categories.forEach((category, c) => {
    labels[`categories.${c}.max`] = `${labelOf(category)} ${t("rubric.max")}`;
    category.items.forEach((item, i) => (labels[`categories.${c}.items.${i}.max`] = `${labelOf(item)} ${t("rubric.max")}`));
  });
  return (
    <>
      <ProblemList rubric={live} live />
      <FormError error={kit.refusal} />
      <ImeSafeForm id={FORM} className="fieldset" onValidSubmit={kit.submit((edited) => save.mutateAsync(edited))}>
        <ErrorSummary ref={kit.summaryRef} formId={FORM} errors={errors} labels={labels} show={kit.showSummary} />
        <table className="rubric-table">
          <caption className="sr-only">{t("rubric.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rubric.part")}</th>
              <th scope="col" id="rubric-max">
                {t("rubric.max")}
              </th>
              <th scope="col">{t("rubric.sum")}</th>
            </tr>
          </thead>
          <tbody>
            {call.rubric.categories.map((category, c) => {
              const edited = live.categories[c];
              const sum = edited ? itemsSum(edited) : 0;
              const mismatch = edited && sum !== edited.max;
              return (
                <Fragment key={category.id}>
                  <tr className="category-row">
                    <th scope="row" id={`cat-${category.id}`}>
                      {labelOf(category)}
                    </th>
                    <td>
                      <input
                        id={fieldId(FORM, `categories.${c}.max`)}
                        className="krds-input"
                        inputMode="decimal"
                        aria-labelledby={`cat-${category.id} rubric-max`}
                        aria-invalid={errors.categories?.[c]?.max ? true : undefined}
                        {...form.register(`categories.${c}.max`)}
                      />
                    </td>
                    <td className={mismatch ? "sum-mismatch" : "sum-ok"}>
                      {t("rubric.itemsAddUp", { sum: format.points(sum), max: format.points(edited?.max ?? 0) })}
                    </td>
                  </tr>
                  {category.items.map((item, i) => (
                    <tr key={item.id}>
                      <th scope="row" id={`item-${item.id}`} className="item-cell">
                        {labelOf(item)}
                      </th>
                      <td>
                        <input
                          id={fieldId(FORM, `categories.${c}.items.${i}.max`)}
                          className="krds-input"
                          inputMode="decimal"
                          aria-labelledby={`item-${item.id} rubric-max`}
                          aria-invalid={errors.categories?.[c]?.items?.[i]?.max ? true : undefined}
                          {...form.register(`categories.${c}.items.${i}.max`)}
                        />
                      </td>
                      <td />
                    </tr>
                  ))}
                </Fragment>
              );
            })}
            <tr className="category-row">
              <th scope="row" id="rubric-total">
                {t("rubric.total")}
              </th>
              <td>
                <input
                  id={fieldId(FORM, "total")}
                  className="krds-input"
                  inputMode="decimal"
                  aria-labelledby="rubric-total rubric-max"
                  {...form.register("total")}
                />
              </td>
              <td className={categoriesSum(live) !== live.total ? "sum-mismatch" : "sum-ok"}>
                {t("rubric.categoriesAddUp", { sum: format.points(categoriesSum(live)), max: format.points(live.total) })}
              </td>
            </tr>
          </tbody>
        </table>
        <TextArea id={fieldId(FORM, "note")} label={labels.note ?? ""} hint={t("rubric.noteHint")} required error={errors.note?.message} registration={form.register("note")} />
        <button type="submit" className="krds-btn primary" disabled={save.isPending}>
          {save.isPending ? t("ui.saving") : t("rubric.save")}
        </button>
      </ImeSafeForm>
    </>
  );
}
