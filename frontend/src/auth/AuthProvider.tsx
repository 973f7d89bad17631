import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useNavigate } from "react-router-dom";
import { ApiClient } from "../api/client";
import { createProgramClient, type ProgramClient } from "../api/program";
import type { ClientConfig } from "../app/config";
import { loadSession, saveSession, secondsLeft, type Session } from "./session";
import { useSessionCheck, type StartupState } from "./useSessionCheck";

/** Why the log-in page is showing, if it is not a first visit. */
export type LoginNotice = "expired" | "loggedOut" | null;

export interface Auth {
  session: Session | null;
  startup: StartupState;
  notice: LoginNotice;
  /** Seconds until the token expires; null when logged out. Ticks every second. */
  remaining: number | null;
  warningSeconds: number;
  api: ApiClient;
  /** The typed program API (generated from /api/openapi.json), sending this session's token. */
  program: ProgramClient;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: (notice: LoginNotice, everywhere?: boolean) => void;
  extend: () => Promise<void>;
  retryStartup: () => void;
}

const AuthContext = createContext<Auth | null>(null);

/** Re-renders every second while active, so the countdown and expiry checks stay current. */
function useTicker(active: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
}

export function AuthProvider({ config, children }: { config: ClientConfig; children: ReactNode }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<LoginNotice>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const apiRef = useRef<ApiClient | null>(null);
  const signOut = useCallback(
    (why: LoginNotice, everywhere = false) => {
      const ending = loadSession();
      // End the session on the server too (its refresh cookie stops working); leaving must not wait for it.
      if (ending && apiRef.current) void apiRef.current.logout(ending.csrf, everywhere).catch(() => undefined);
      saveSession(null);
      setSession(null);
      setNotice(why);
      queryClient.clear(); // nothing one user saw stays cached for the next
      navigate("/login", { replace: true });
    },
    [navigate, queryClient],
  );

  // Any 401 on an authenticated call means the session is over, whatever the page.
  const expireRef = useRef(() => signOut("expired"));
  expireRef.current = () => signOut("expired");
  const api = useMemo(() => new ApiClient(config.apiBase, () => expireRef.current()), [config.apiBase]);
  apiRef.current = api;
  const program = useMemo(
    () =>
      createProgramClient(config.apiBase, {
        token: () => sessionRef.current?.idToken ?? null,
        onUnauthorized: () => expireRef.current(),
      }),
    [config.apiBase],
  );

  const adopt = useCallback((next: Session) => {
    saveSession(next);
    sessionRef.current = next;
    setSession(next);
    setNotice(null);
  }, []);

  const { startup, retry } = useSessionCheck(api, session);
  useTicker(session !== null);
  // read the clock at render time: a renewed session must never be judged against a stale tick
  const remaining = session ? secondsLeft(session, Date.now()) : null;

  useEffect(() => {
    if (remaining !== null && remaining <= 0) signOut("expired");
  }, [remaining, signOut]);

  const value = useMemo<Auth>(
    () => ({
      session,
      startup,
      notice,
      remaining,
      warningSeconds: config.sessionWarningSeconds,
      api,
      program,
      signIn: async (email, password) => adopt(await api.login(email, password)),
      signOut,
      extend: async () => {
        if (session) adopt(await api.refresh(session.csrf));
      },
      retryStartup: retry,
    }),
    [session, startup, notice, remaining, config.sessionWarningSeconds, api, program, adopt, signOut, retry],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
