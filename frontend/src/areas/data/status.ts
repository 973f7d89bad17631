import type { Tone } from "../../ui/StatusBadge";

const TONES: Record<string, Tone> = { uploading: "gray", checked: "information", refused: "danger", committed: "success", accepted: "success", rejected: "danger" };

/** The badge colour of an upload's or a row's status (the text carries the meaning). */
export function statusTone(status: string): Tone {
  return TONES[status] ?? "gray";
}
