import { BrowserRouter, Route, Routes } from "react-router-dom";
import { AuthProvider } from "../auth/AuthProvider";
import { I18nProvider } from "../i18n/I18nProvider";
import { Layout } from "../layout/Layout";
import { AREAS } from "../nav/navigation";
import { AreaPage } from "../pages/AreaPage";
import { HomePage } from "../pages/HomePage";
import { LoginPage } from "../pages/LoginPage";
import { NotFoundPage } from "../pages/StatusPages";
import type { ClientConfig } from "./config";
import { RequireAuth } from "./RequireAuth";

export function App({ config }: { config: ClientConfig }) {
  return (
    <I18nProvider>
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
              {AREAS.map((area) => (
                <Route
                  key={area.key}
                  path={area.path}
                  element={
                    <RequireAuth area={area}>
                      <AreaPage area={area} />
                    </RequireAuth>
                  }
                />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </AuthProvider>
      </BrowserRouter>
    </I18nProvider>
  );
}
