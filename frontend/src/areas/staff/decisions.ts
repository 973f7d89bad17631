// What staff type into a decision form, as the decision the API takes (program/deciding.py checks it again).
import type { Decision } from "../../api/types";

/** The form values as the decision the API takes for this kind. */
export function decisionBody(kind: string, values: Record<string, string>): Decision {
  const body: Decision = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === "") continue;
    if (name === "audited_budget") body.audited_budget = Number(String(value).replaceAll(",", ""));
    else if (name === "approved" || name === "repaid") body[name] = value === "yes";
    else (body as Record<string, unknown>)[name] = value;
  }
  if (kind === "plan_change" || kind === "final_evaluation" || kind === "requirements_review") body.reason = values.reason ?? "";
  return body;
}
