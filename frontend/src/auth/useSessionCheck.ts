import { useCallback, useEffect, useState } from "react";
import { ApiError, type ApiClient } from "../api/client";
import type { Session } from "./session";

/** A session restored from storage is confirmed with GET /me once, before pages trust it. */
export type StartupState = { kind: "checking" } | { kind: "ready" } | { kind: "failed"; error: Error };

export function useSessionCheck(api: ApiClient, session: Session | null) {
  // Only a session that was already stored when the app started needs checking.
  const [token] = useState(() => session?.idToken ?? null);
  const [attempt, setAttempt] = useState(0);
  const [startup, setStartup] = useState<StartupState>(token ? { kind: "checking" } : { kind: "ready" });

  useEffect(() => {
    if (!token) return undefined;
    let live = true;
    api.me(token).then(
      () => live && setStartup({ kind: "ready" }),
      (error: Error) => {
        // 401 already sent the user to the log-in page (ApiClient's onUnauthorized)
        if (!live) return;
        setStartup(error instanceof ApiError && error.status === 401 ? { kind: "ready" } : { kind: "failed", error });
      },
    );
    return () => {
      live = false;
    };
  }, [api, token, attempt]);

  const retry = useCallback(() => {
    setStartup({ kind: "checking" });
    setAttempt((n) => n + 1);
  }, []);
  return { startup, retry };
}
