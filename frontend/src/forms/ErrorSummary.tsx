import { forwardRef } from "react";
import type { FieldErrors, FieldValues } from "react-hook-form";
import { useI18n } from "../i18n/I18nProvider";
import { fieldId, useMessage } from "./fields";

export interface SummaryItem {
  name: string;
  message: string;
}

/** Every error of a react-hook-form error tree, as (dotted field name, message). */
export function flattenErrors(errors: FieldErrors, prefix = ""): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || key === "ref" || key === "root") continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof (value as { message?: unknown }).message === "string") {
      items.push({ name, message: (value as { message: string }).message });
    } else if (typeof value === "object") {
      items.push(...flattenErrors(value as FieldErrors, name));
    }
  }
  return items;
}

/**
 * KWCAG: after a failed submit, a summary at the top of the form lists each error as a link to its field;
 * the form focuses it so screen readers hear it first.
 */
export const ErrorSummary = forwardRef<
  HTMLDivElement,
  { formId: string; errors: FieldErrors<FieldValues>; labels: Record<string, string>; show: boolean }
>(function ErrorSummary({ formId, errors, labels, show }, ref) {
  const { t } = useI18n();
  const message = useMessage();
  const items = flattenErrors(errors);
  if (!show || items.length === 0) return <div ref={ref} tabIndex={-1} />;
  return (
    <div ref={ref} className="notice notice-danger error-summary" tabIndex={-1} role="alert" aria-labelledby={`${formId}-summary`}>
      <h2 id={`${formId}-summary`} className="notice-title">
        {t("form.errorSummary")}
      </h2>
      <p>{t("form.errorCount", { count: items.length })}</p>
      <ul>
        {items.map((item) => {
          const target = fieldId(formId, item.name);
          return (
            <li key={item.name}>
              <a
                href={`#${target}`}
                onClick={(event) => {
                  event.preventDefault();
                  const element = document.getElementById(target);
                  element?.focus();
                  element?.scrollIntoView({ block: "center" });
                }}
              >
                {labels[item.name] ?? item.name}: {message(item.message)}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
});
