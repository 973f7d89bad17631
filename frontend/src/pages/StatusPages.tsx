import { Link } from "react-router-dom";
import { usePageTitle } from "../app/usePageTitle";
import { useI18n } from "../i18n/I18nProvider";
import { Notice } from "./Notice";

export function NotFoundPage() {
  const { t } = useI18n();
  const title = usePageTitle("title.notFound");
  return (
    <section className="status-page">
      <h1>{title}</h1>
      <p>{t("notFound.body")}</p>
      <Link to="/" className="krds-btn primary">
        {t("goHome")}
      </Link>
    </section>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  const title = usePageTitle("title.forbidden");
  return (
    <section className="status-page">
      <h1>{title}</h1>
      <Notice tone="warning">
        <p>{t("forbidden.body")}</p>
      </Notice>
      <Link to="/" className="krds-btn primary">
        {t("goHome")}
      </Link>
    </section>
  );
}

/** Shown when the API cannot be reached or fails; `onRetry` repeats what failed. */
export function ErrorPage({ detail, onRetry }: { detail?: string; onRetry?: () => void }) {
  const { t } = useI18n();
  const title = usePageTitle("title.error");
  return (
    <section className="status-page">
      <h1>{title}</h1>
      <Notice tone="danger" live="alert">
        <p>{t("error.body")}</p>
        {detail && <p className="detail">{t("error.detail", { message: detail })}</p>}
      </Notice>
      <div className="btn-wrap">
        {onRetry && (
          <button type="button" className="krds-btn primary" onClick={onRetry}>
            {t("error.retry")}
          </button>
        )}
        <a href="/" className="krds-btn secondary">
          {t("goHome")}
        </a>
      </div>
    </section>
  );
}
