import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useState, type ComponentType, type LazyExoticComponent } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { createQueryClient } from "../api/queryClient";
import { AuthProvider } from "../auth/AuthProvider";
import { I18nProvider } from "../i18n/I18nProvider";
import { Layout } from "../layout/Layout";
import { AREAS, type AreaKey } from "../nav/navigation";
import { HomePage } from "../pages/HomePage";
import { LoginPage } from "../pages/LoginPage";
import { NotFoundPage } from "../pages/StatusPages";
import { Loading } from "../ui/QueryView";
import type { ClientConfig } from "./config";
import { RequireAuth } from "./RequireAuth";

// Each area is its own chunk, loaded when first opened.
const AREA_VIEWS: Record<AreaKey, LazyExoticComponent<ComponentType>> = {
  applications: lazy(() => import("../areas/applicant/ApplicantArea")),
  evaluations: lazy(() => import("../areas/evaluator/EvaluatorArea")),
  programs: lazy(() => import("../areas/staff/StaffArea")),
  monitoring: lazy(() => import("../areas/monitoring/MonitoringArea")),
  data: lazy(() => import("../areas/data/DataArea")),
  dashboards: lazy(() => import("../areas/dashboards/DashboardsArea")),
  users: lazy(() => import("../areas/admin/AdminArea")),
};

export function App({ config }: { config: ClientConfig }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AuthProvider config={config}>
            <Routes>
              <Route element={<Layout />}>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  path="/"
                  element={
                    <RequireAuth>
                      <HomePage />
                    </RequireAuth>
                  }
                />
                {AREAS.map((area) => {
                  const View = AREA_VIEWS[area.key];
                  return (
                    <Route
                      key={area.key}
                      path={`${area.path}/*`}
                      element={
                        <RequireAuth area={area}>
                          <Suspense fallback={<Loading />}>
                            <View />
                          </Suspense>
                        </RequireAuth>
                      }
                    />
                  );
                })}
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </AuthProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </I18nProvider>
  );
}
