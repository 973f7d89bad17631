// The signed-in session lives in sessionStorage: it ends with the tab and is never shared between tabs.
// The refresh token is not here: the server keeps it in an HttpOnly cookie named after the session family;
// `csrf` ("<family>.<secret>") is echoed in the X-CSRF-Token header to prove the request comes from this page.
export interface User {
  sub: string;
  email: string;
  name: string;
  roles: string[];
  /** A factory user's site (the one whose monitoring it sees). */
  site?: string;
}

export interface Session {
  idToken: string;
  /** epoch seconds */
  expiresAt: number;
  user: User;
  csrf: string;
}

const KEY = "mdap.session";

function isUser(value: unknown): value is User {
  const user = value as User | null;
  return (
    !!user &&
    typeof user.sub === "string" &&
    typeof user.email === "string" &&
    typeof user.name === "string" &&
    Array.isArray(user.roles) &&
    user.roles.every((role) => typeof role === "string") &&
    (user.site === undefined || typeof user.site === "string")
  );
}

/** Reads the API's login/refresh body; returns null when it is not one. */
export function sessionFromApi(body: unknown): Session | null {
  const value = body as { id_token?: unknown; expires_at?: unknown; user?: unknown; csrf_token?: unknown } | null;
  if (
    !value ||
    typeof value.id_token !== "string" ||
    typeof value.expires_at !== "number" ||
    typeof value.csrf_token !== "string" ||
    !isUser(value.user)
  ) {
    return null;
  }
  return { idToken: value.id_token, expiresAt: value.expires_at, user: value.user, csrf: value.csrf_token };
}

export function loadSession(storage: Storage = sessionStorage): Session | null {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? "null") as Session | null;
    if (
      parsed &&
      typeof parsed.idToken === "string" &&
      typeof parsed.expiresAt === "number" &&
      typeof parsed.csrf === "string" &&
      isUser(parsed.user)
    ) {
      return parsed;
    }
  } catch {
    // a damaged entry is the same as no session
  }
  return null;
}

export function saveSession(session: Session | null, storage: Storage = sessionStorage): void {
  if (session) {
    storage.setItem(KEY, JSON.stringify(session));
  } else {
    storage.removeItem(KEY);
  }
}

/** Seconds left before the token expires (negative once it has). */
export function secondsLeft(session: Session, nowMs: number): number {
  return session.expiresAt - nowMs / 1000;
}
