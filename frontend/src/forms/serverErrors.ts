// The server names the input a refusal concerns ({field: "brn"}); the form shows it on that field.
import { ApiError } from "../api/client";

/**
 * The form field a server refusal belongs to: an explicit mapping first, then the same name, then the last
 * segment of a dotted or indexed name ("members[1].brn" → "brn"); null when the form has no such field.
 */
export function serverFieldName(
  field: string | undefined,
  formFields: readonly string[],
  mapping: Record<string, string> = {},
): string | null {
  if (!field) return null;
  if (mapping[field]) return mapping[field];
  if (formFields.includes(field)) return field;
  const last = field.split(/[.[\]]+/).filter(Boolean).pop();
  return last && formFields.includes(last) ? last : null;
}

/** The ApiError's field name for this form, or null (then the refusal is shown above the form). */
export function refusalField(
  error: unknown,
  formFields: readonly string[],
  mapping?: Record<string, string>,
): string | null {
  return error instanceof ApiError ? serverFieldName(error.field, formFields, mapping) : null;
}
