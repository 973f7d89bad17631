import type { ReactNode } from "react";

export type Tone = "primary" | "secondary" | "gray" | "danger" | "warning" | "success" | "information";

/** A KRDS badge; the text carries the meaning, the colour only repeats it. */
export function StatusBadge({ tone = "gray", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`krds-badge bg-light-${tone} status-badge`}>{children}</span>;
}
