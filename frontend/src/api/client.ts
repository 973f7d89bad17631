// The platform API: JSON in and out, errors as {code, message, message_en?}.
import type { Lang } from "../i18n/messages";
import { sessionFromApi, type Session, type User } from "../auth/session";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKo: string,
    readonly messageEn: string | undefined,
    readonly retryAfter: number | undefined,
    /** The input the refusal concerns (a body field such as "brn" or "members[1].brn"), when it names one. */
    readonly field?: string,
    /** The program rule the refusal cites (e.g. "R-PRG-4"). */
    readonly rule?: string,
  ) {
    super(`${status} ${code}: ${messageEn ?? messageKo}`);
  }

  /** The server's message in the reader's language (Korean when no English text was sent). */
  text(lang: Lang): string {
    return lang === "en" && this.messageEn ? this.messageEn : this.messageKo;
  }
}

/** The API could not be reached at all (network down, server stopped). */
export class NetworkError extends Error {}

/** The refusal a response body describes ({code, message, message_en, field?, rule?, retry_after?}). */
export function apiErrorFrom(status: number, statusText: string, raw: unknown): ApiError {
  const body = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);
  const retry = typeof body.retry_after === "number" ? body.retry_after : undefined;
  return new ApiError(
    status,
    str(body.code) ?? `http_${status}`,
    str(body.message) ?? (statusText || String(status)),
    str(body.message_en),
    retry,
    str(body.field),
    str(body.rule),
  );
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = {};
  try {
    body = await response.json();
  } catch {
    // non-JSON error page from a proxy: keep the status only
  }
  return apiErrorFrom(response.status, response.statusText, body);
}

export class ApiClient {
  constructor(
    private readonly base: string,
    /** Called for any 401 on an authenticated call: the session is over. */
    private readonly onUnauthorized: () => void,
  ) {}

  /** The refresh token comes back as an HttpOnly cookie scoped to /api/auth, never to this script. */
  async login(email: string, password: string): Promise<Session> {
    return this.sessionCall("/auth/login", { email, password, session: "cookie" });
  }

  async refresh(csrf: string): Promise<Session> {
    return this.sessionCall("/auth/refresh", {}, undefined, { "X-CSRF-Token": csrf });
  }

  /** Ends this tab's session, or every session of the user; an already ended one is not an error. */
  async logout(csrf: string, everywhere = false): Promise<void> {
    await this.request("POST", "/auth/logout", { everywhere }, undefined, { "X-CSRF-Token": csrf });
  }

  async me(token: string): Promise<User> {
    return (await this.request("GET", "/me", undefined, token)) as User;
  }

  private async sessionCall(path: string, body: object, token?: string, extra?: Record<string, string>): Promise<Session> {
    const session = sessionFromApi(await this.request("POST", path, body, token, extra));
    if (!session) {
      throw new ApiError(502, "bad_response", "서버 응답 형식이 올바르지 않습니다.", "Unexpected server response.", undefined);
    }
    return session;
  }

  private async request(
    method: string,
    path: string,
    body?: object,
    token?: string,
    extra?: Record<string, string>,
  ): Promise<unknown> {
    const headers: Record<string, string> = { Accept: "application/json", ...extra };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch (cause) {
      throw new NetworkError(String(cause));
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 && token) this.onUnauthorized();
      throw error;
    }
    return response.json();
  }
}
