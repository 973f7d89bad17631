import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { useAuth } from "../auth/AuthProvider";
import { useI18n } from "../i18n/I18nProvider";
import { canOpen, type Area } from "../nav/navigation";
import { ErrorPage, ForbiddenPage } from "../pages/StatusPages";

/** Logged out: to the log-in page (coming back here after). Wrong role: the forbidden page. */
export function RequireAuth({ area, children }: { area?: Area; children: ReactNode }) {
  const { session, startup, retryStartup } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (startup.kind === "checking") return <p role="status">{t("loading")}</p>;
  if (startup.kind === "failed") return <ErrorPage detail={startup.error.message} onRetry={retryStartup} />;
  if (area && !canOpen(area, session.user.roles)) return <ForbiddenPage />;
  return <>{children}</>;
}
