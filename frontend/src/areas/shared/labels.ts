// Run-time keys (a status, a kind, a role) to dictionary texts; an unknown one shows as ⟦key⟧ (see messages.ts).
import type { MessageKey } from "../../i18n/messages";
import type { Tone } from "../../ui/StatusBadge";

export const key = (text: string) => text as MessageKey;

export const appStatusKey = (status: string) => key(`appStatus.${status}`);
export const projectStatusKey = (status: string) => key(`projectStatus.${status}`);
export const roleKey = (role: string) => key(`memberRole.${role}`);
export const docKey = (kind: string) => key(`doc.${kind}`);
export const approvalKey = (kind: string) => key(`approvalKind.${kind}`);

const APP_TONES: Record<string, Tone> = {
  draft: "gray",
  submitted: "information",
  under_review: "information",
  info_requested: "warning",
  eligible: "primary",
  ineligible: "danger",
  screening: "information",
  screened_out: "danger",
  evaluation: "primary",
  selected: "success",
  reserve: "secondary",
  not_selected: "gray",
  withdrawn: "gray",
  cancelled: "danger",
};

export const appTone = (status: string): Tone => APP_TONES[status] ?? "gray";

const PROJECT_TONES: Record<string, Tone> = {
  payment_window: "warning",
  in_progress: "primary",
  supplement: "warning",
  obligation: "success",
  completed: "success",
  cancelled: "danger",
  failed: "danger",
  clawback: "danger",
};

export const projectTone = (status: string): Tone => PROJECT_TONES[status] ?? "information";
