import { useEffect, useRef } from "react";
import { Outlet, useLocation } from "react-router-dom";
import { ErrorBoundary } from "../app/ErrorBoundary";
import { useI18n } from "../i18n/I18nProvider";
import { Header } from "./Header";
import { SessionDialog } from "./SessionDialog";
import { SkipLink } from "./SkipLink";

/** After a client-side navigation, focus the new page's <main> so screen readers start reading there. */
function useFocusMainOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("main")?.focus();
  }, [pathname]);
}

export function Layout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  useFocusMainOnNavigate();
  return (
    <>
      <SkipLink />
      <Header />
      <main id="main" tabIndex={-1}>
        <div className="inner">
          <ErrorBoundary key={pathname}>
            <Outlet />
          </ErrorBoundary>
        </div>
      </main>
      <footer className="site-footer">
        <div className="inner">
          <p>{t("footer")}</p>
        </div>
      </footer>
      <SessionDialog />
    </>
  );
}
