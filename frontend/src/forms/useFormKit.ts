import { useCallback, useRef, useState } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { ApiError } from "../api/client";
import { useI18n } from "../i18n/I18nProvider";
import { refusalField } from "./serverErrors";

/**
 * What every form does around react-hook-form: on an invalid submit, focus the error summary; on a refusal
 * from the server, show it on the field it names (or above the form when it names none). The submit handler
 * is for ImeSafeForm's onValidSubmit, so Enter mid-composition never submits.
 */
export function useFormKit<T extends FieldValues>(form: UseFormReturn<T>, mapping: Record<string, string> = {}) {
  const { lang } = useI18n();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const mappingRef = useRef(mapping);
  mappingRef.current = mapping;

  const submit = useCallback(
    (onValid: (values: T) => Promise<unknown> | unknown) => () => {
      setRefusal(null);
      void form.handleSubmit(
        async (values) => {
          try {
            await onValid(values);
          } catch (error) {
            const fields = Object.keys(form.getValues());
            const name = refusalField(error, fields, mappingRef.current);
            if (name && error instanceof ApiError) {
              form.setError(name as Path<T>, { type: "server", message: error.text(lang) }, { shouldFocus: true });
            } else {
              setRefusal(error);
            }
          }
        },
        () => window.requestAnimationFrame(() => summaryRef.current?.focus()),
      )();
    },
    [form, lang],
  );

  return { submit, summaryRef, refusal, setRefusal, showSummary: form.formState.submitCount > 0 };
}
