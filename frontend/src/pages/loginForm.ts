// Log-in form rules, kept apart from the page so they can be tested without a browser.
import type { MessageKey } from "../i18n/messages";

export interface LoginErrors {
  email?: MessageKey;
  password?: MessageKey;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateLogin(email: string, password: string): LoginErrors {
  const errors: LoginErrors = {};
  if (!email.trim()) errors.email = "login.emailRequired";
  else if (!EMAIL.test(email.trim())) errors.email = "login.emailInvalid";
  if (!password) errors.password = "login.passwordRequired";
  return errors;
}

/** Only same-site paths may follow a log-in, so a crafted link cannot send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && next !== "/login" ? next : "/";
}
