import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError } from "../api/client";
import { useI18n } from "../i18n/I18nProvider";
import { Notice } from "../pages/Notice";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <span className="krds-spinner" aria-hidden="true" />
      <span>{label ?? t("loading")}</span>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty-state">{children}</div>;
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Notice tone={notFound ? "warning" : "danger"} live="alert">
      <p className="notice-title">{notFound ? t("ui.notFound") : t("ui.loadFailed")}</p>
      {error instanceof ApiError && !notFound && <p className="detail">{error.text(lang)}</p>}
      {!notFound && onRetry && (
        <button type="button" className="krds-btn small secondary" onClick={onRetry}>
          {t("error.retry")}
        </button>
      )}
    </Notice>
  );
}

/** Loading, error and empty states for a query, so no area is ever blank. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}
