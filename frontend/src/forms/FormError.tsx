import { ApiError, NetworkError } from "../api/client";
import { useI18n } from "../i18n/I18nProvider";
import { Notice } from "../pages/Notice";

/** A refusal that belongs to no single field: the server's words (and the rule it cites). */
export function FormError({ error, title }: { error: unknown; title?: string }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? error.text(lang)
      : error instanceof NetworkError
        ? t("login.networkError")
        : t("error.body");
  return (
    <Notice tone="danger" live="alert">
      <p className="notice-title">{title ?? t("form.failed")}</p>
      <p>
        {text}
        {error instanceof ApiError && error.rule ? ` (${error.rule})` : ""}
      </p>
    </Notice>
  );
}
