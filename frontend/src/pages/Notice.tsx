import type { ReactNode } from "react";

type Tone = "information" | "danger" | "success" | "warning";

/** A KRDS-style message box; `live` makes screen readers announce it when it appears. */
export function Notice({ tone, live, children }: { tone: Tone; live?: "alert" | "status"; children: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={live}>
      {children}
    </div>
  );
}
