// What still keeps an application from being submitted, as the server will judge it (R-PRG-4, R-DOC-1…5):
// each member invited, joined and done; the required documents uploaded; the required consents given.
import type { Application, Document } from "../../api/types";
import { missingDocuments, requiredDocuments } from "../../domain/documents";
import type { MessageKey } from "../../i18n/messages";
import { docKey, roleKey } from "../shared/labels";

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const NEEDED_ROLES: Record<string, string[]> = {
  single: ["adopter", "supplier"],
  consortium: ["adopter", "solution_company", "consulting_company"],
};
const REQUIRED_CONSENTS = ["personal_info", "company_info", "imate_sharing"];

export interface Check {
  ok: boolean;
  text: string;
  step: string;
}

/** What still keeps the application from being submitted, as the server will judge it (R-PRG-4, R-DOC). */
export function readiness(app: Application, documents: Document[], t: Translate): Check[] {
  const checks: Check[] = [];
  for (const role of NEEDED_ROLES[app.kind] ?? []) {
    const member = app.members.find((candidate) => candidate.role === role);
    const label = t(roleKey(role));
    if (!member) checks.push({ ok: false, text: t("submit.memberMissing", { role: label }), step: "members" });
    else if (!member.joined) checks.push({ ok: false, text: t("submit.memberNotJoined", { role: label, company: member.name }), step: "members" });
    else if (!member.completed) checks.push({ ok: false, text: t("submit.memberIncomplete", { role: label, company: member.name }), step: "section" });
    else checks.push({ ok: true, text: t("submit.memberReady", { role: label, company: member.name }), step: "members" });
  }
  const present: Record<string, string[]> = {};
  for (const doc of documents) {
    if ((doc.status === "clean" || doc.status === "pending_scan") && doc.role) (present[doc.role] ??= []).push(doc.kind);
  }
  const missing = missingDocuments(requiredDocuments(app.members.map((m) => m.role), app.bonus_claim ?? false), present);
  const absent = Object.entries(missing).flatMap(([role, kinds]) => kinds.map((kind) => `${t(roleKey(role))}: ${t(docKey(kind))}`));
  checks.push(
    absent.length
      ? { ok: false, text: t("submit.documentsMissing", { list: absent.join(", ") }), step: "documents" }
      : { ok: true, text: t("submit.documentsReady"), step: "documents" },
  );
  const consents = app.consents as Record<string, unknown>;
  const agreed = REQUIRED_CONSENTS.every((name) => consents[name] === true);
  checks.push({ ok: agreed, text: t(agreed ? "submit.consentsReady" : "submit.consentsMissing"), step: "consent" });
  return checks;
}
