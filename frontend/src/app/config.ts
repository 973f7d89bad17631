// Runtime configuration: /config.json is written next to the site at deploy time (AWS) or served by the
// local server, so one build runs everywhere. Anything missing falls back to the local defaults.
export interface ClientConfig {
  apiBase: string;
  sessionWarningSeconds: number;
}

export const DEFAULT_CONFIG: ClientConfig = { apiBase: "/api", sessionWarningSeconds: 120 };

export function parseConfig(raw: unknown): ClientConfig {
  const value = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const apiBase = typeof value.apiBase === "string" && value.apiBase ? value.apiBase : DEFAULT_CONFIG.apiBase;
  const warning = value.sessionWarningSeconds;
  return {
    apiBase: apiBase.replace(/\/+$/, ""),
    sessionWarningSeconds:
      typeof warning === "number" && Number.isFinite(warning) && warning >= 0
        ? warning
        : DEFAULT_CONFIG.sessionWarningSeconds,
  };
}

export async function loadConfig(): Promise<ClientConfig> {
  try {
    const response = await fetch("/config.json", { cache: "no-store", headers: { Accept: "application/json" } });
    // A host without config.json may answer with the SPA's index.html: that is "no config", not an error.
    if (!response.ok || !(response.headers.get("content-type") ?? "").includes("json")) {
      return DEFAULT_CONFIG;
    }
    return parseConfig(await response.json());
  } catch {
    return DEFAULT_CONFIG;
  }
}
