import { useRef, useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { usePageTitle } from "../app/usePageTitle";
import { useAuth } from "../auth/AuthProvider";
import { ImeSafeForm } from "../forms/ImeSafeForm";
import { TextField } from "../forms/TextField";
import { useI18n } from "../i18n/I18nProvider";
import type { Lang, MessageKey } from "../i18n/messages";
import { translate } from "../i18n/messages";
import { safeNext, validateLogin, type LoginErrors } from "./loginForm";
import { Notice } from "./Notice";

function failureText(error: unknown, lang: Lang): string {
  if (!(error instanceof ApiError)) return translate(lang, "login.networkError");
  const retry = error.retryAfter ? ` ${translate(lang, "login.retryAfter", { seconds: error.retryAfter })}` : "";
  return error.text(lang) + retry;
}

const NOTICE_TEXT: Record<"expired" | "loggedOut", MessageKey> = {
  expired: "login.sessionExpired",
  loggedOut: "login.loggedOut",
};

export function LoginPage() {
  const { session, notice, signIn } = useAuth();
  const { t, lang } = useI18n();
  const title = usePageTitle("title.login");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [errors, setErrors] = useState<LoginErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const next = safeNext(params.get("next"));

  if (session && !busy) return <Navigate to={next} replace />;

  const submit = async () => {
    if (busy) return;
    const email = emailRef.current?.value ?? "";
    const password = passwordRef.current?.value ?? "";
    const found = validateLogin(email, password);
    setErrors(found);
    setFailure(null);
    if (found.email || found.password) {
      (found.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (error) {
      setFailure(failureText(error, lang));
      passwordRef.current?.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="login-page">
      <h1>{title}</h1>
      <p className="intro">{t("login.intro")}</p>
      {notice && !failure && (
        <Notice tone={notice === "expired" ? "warning" : "information"} live="status">
          <p>{t(NOTICE_TEXT[notice])}</p>
        </Notice>
      )}
      {failure && (
        <Notice tone="danger" live="alert">
          <p className="notice-title">{t("login.failed")}</p>
          <p>{failure}</p>
        </Notice>
      )}
      <ImeSafeForm className="login-form fieldset" onValidSubmit={() => void submit()} aria-busy={busy}>
        <TextField
          ref={emailRef}
          id="login-email"
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="username"
          inputMode="email"
          error={errors.email && t(errors.email)}
        />
        <TextField
          ref={passwordRef}
          id="login-password"
          name="password"
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
          error={errors.password && t(errors.password)}
        />
        <button type="submit" className="krds-btn primary large login-submit">
          {busy ? t("login.submitting") : t("login.submit")}
        </button>
      </ImeSafeForm>
    </section>
  );
}
