// The forms' rules as zod schemas. Messages are dictionary keys (translated where they are shown), so the
// same schema serves both languages; the server checks everything again and its refusals land on the field.
import { z } from "zod";
import type { Rubric } from "../api/types";
import { brnState } from "../domain/brn";
import { parsePoints } from "../domain/scoring";

// No code generation: the site's Content-Security-Policy allows no eval, so zod must not even try it.
z.config({ jitless: true });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const requiredText = (max: number) =>
  z.string().trim().min(1, { message: "v.required" }).max(max, { message: "v.tooLong" });
export const optionalText = (max: number) => z.string().trim().max(max, { message: "v.tooLong" });

export const emailField = z
  .string()
  .trim()
  .min(1, { message: "v.required" })
  .max(254, { message: "v.tooLong" })
  .regex(EMAIL, { message: "v.email" });

/** 사업자등록번호 with the check digit (domain/brn.ts). */
export const brnField = z.string().superRefine((value, context) => {
  const state = brnState(value);
  const message = {
    empty: "v.required",
    incomplete: "v.brnIncomplete",
    malformed: "v.brnMalformed",
    checkDigit: "v.brnCheckDigit",
    valid: null,
  }[state];
  if (message) context.addIssue({ code: "custom", message });
});

const yesNo = z.enum(["yes", "no"], { message: "v.choose" });
export const asBoolean = (value: "yes" | "no" | "" | undefined) => value === "yes";
export const fromBoolean = (value: unknown): "yes" | "no" | "" => (value === true ? "yes" : value === false ? "no" : "");

// -- applications ---------------------------------------------------------------------------------------
export const applicationCreateSchema = z.object({
  kind: z.enum(["single", "consortium"], { message: "v.choose" }),
  adopter_name: requiredText(200),
  adopter_brn: brnField,
});
export type ApplicationCreateValues = z.input<typeof applicationCreateSchema>;

export const memberInviteSchema = z.object({
  role: z.enum(["supplier", "solution_company", "consulting_company"], { message: "v.choose" }),
  name: requiredText(200),
  brn: brnField,
  email: emailField,
});
export type MemberInviteValues = z.input<typeof memberInviteSchema>;

export const EXCLUSIONS = [
  "financial_delinquency",
  "closed_or_suspended",
  "false_statement",
  "funded_elsewhere",
  "already_developed",
  "off_topic",
  "relocation_planned",
  "sanctioned_or_credit_delinquent",
] as const;

export const ADOPTER_FLAGS = [
  "factory_in_incheon",
  "supported_before",
  "in_large_business_group",
  "runs_mes",
  "network_data_supply",
  "imate_consent",
] as const;

export const adopterSectionSchema = z.object({
  title: requiredText(200),
  plan: optionalText(4000),
  company_size: z.enum(["sme", "midsize", "large"], { message: "v.choose" }),
  factory_in_incheon: yesNo,
  supported_before: yesNo,
  in_large_business_group: yesNo,
  runs_mes: yesNo,
  network_data_supply: yesNo,
  imate_consent: yesNo,
  exclusions: z.array(z.enum(EXCLUSIONS)),
  bonus_program: z.enum(["none", "deployment", "level_confirmation"], { message: "v.choose" }),
});
export type AdopterSectionValues = z.input<typeof adopterSectionSchema>;

export const SUPPLIER_FLAGS = [
  "solution_track_record",
  "sw_hw_record_3y",
  "consulting_category",
  "own_platform",
  "gs_certified",
  "consulting_record_3y",
] as const;

export const supplierSectionSchema = z.object({
  plan: optionalText(4000),
  founded: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "v.date" }),
  experts_3y: z.string().trim().regex(/^\d{1,3}$/, { message: "v.wholeNumber" }),
  solution_track_record: yesNo,
  sw_hw_record_3y: yesNo,
  consulting_category: yesNo,
  own_platform: yesNo,
  gs_certified: yesNo,
  consulting_record_3y: yesNo,
  qualifications: z.array(z.enum(["solution", "consulting"])),
});
export type SupplierSectionValues = z.input<typeof supplierSectionSchema>;

/** Consents as asked: each item answered (nothing pre-set), the required ones agreed to. */
export function consentSchema(items: readonly { id: string; required: boolean }[]) {
  return z.object(
    Object.fromEntries(
      items.map((item) => [
        item.id,
        z
          .enum(["agree", "disagree"], { message: "v.choose" })
          .refine((value) => !item.required || value === "agree", { message: "v.consentRequired" }),
      ]),
    ),
  );
}

export const answerSchema = z.object({ message: requiredText(4000) });

export const planChangeSchema = z.object({
  summary: requiredText(4000),
  extension_months: z.enum(["0", "1", "2", "3"], { message: "v.choose" }),
});

// -- evaluation -------------------------------------------------------------------------------------------
export const declarationSchema = z
  .object({ conflict: z.enum(["no", "yes"], { message: "v.choose" }), note: optionalText(2000) })
  .refine((value) => value.conflict === "no" || value.note.trim().length > 0, { message: "v.reason", path: ["note"] });

/** A score sheet for this rubric: on submit every item within 0…its maximum, two decimals at most. */
export function scoreSheetSchema(rubric: Rubric) {
  const items = rubric.categories.flatMap((category) => category.items);
  return z.object({
    items: z.object(
      Object.fromEntries(
        items.map((item) => [
          item.id,
          z.string().refine((text) => {
            const points = parsePoints(text);
            return points !== null && points <= item.max;
          }, { message: "v.points" }),
        ]),
      ),
    ),
    comments: optionalText(8000),
  });
}

// -- staff --------------------------------------------------------------------------------------------------
/** "2026-12-01T09:00" typed in a datetime-local input means Seoul time. */
export function seoulLocalToIso(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+09:00`;
}

export function isoToSeoulLocal(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 9 * 3600 * 1000);
  return shifted.toISOString().slice(0, 16);
}

const seoulLocal = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: "v.dateTime" });

export const callCreateSchema = z
  .object({
    title_ko: requiredText(200),
    title_en: optionalText(200),
    opens_at: seoulLocal,
    closes_at: seoulLocal,
    places: z.string().trim().regex(/^([1-9]|[1-9]\d|100)$/, { message: "v.positive" }),
  })
  .refine((value) => Date.parse(seoulLocalToIso(value.closes_at)) > Date.parse(seoulLocalToIso(value.opens_at)), {
    message: "v.dateOrder",
    path: ["closes_at"],
  });
export type CallCreateValues = z.input<typeof callCreateSchema>;

const maxPoints = z.string().refine((text) => {
  const points = parsePoints(text);
  return points !== null && points > 0;
}, { message: "v.positive" });

export const rubricEditSchema = z.object({
  total: maxPoints,
  categories: z.array(
    z.object({
      id: z.string(),
      label_ko: z.string(),
      label_en: z.string(),
      max: maxPoints,
      items: z.array(z.object({ id: z.string(), label_ko: z.string(), label_en: z.string(), max: maxPoints })),
    }),
  ),
  note: requiredText(1000),
});
export type RubricEditValues = z.input<typeof rubricEditSchema>;

export const panelSchema = z
  .object({ evaluators: z.array(z.string()).min(1, { message: "v.atLeastOne" }).max(5, { message: "v.tooLong" }), chair: z.string() })
  .refine((value) => value.evaluators.includes(value.chair), { message: "v.choose", path: ["chair"] });

export const reviewItemSchema = z.object({
  status: z.enum(["passed", "failed"], { message: "v.choose" }),
  reason: requiredText(2000),
});

export const interimCheckSchema = z.object({ findings: requiredText(8000) });

export const clawbackSchema = z.object({
  trigger: z.enum(["bankruptcy_or_closure", "abandoned", "relocated_outside_incheon", "obligation_breach"], {
    message: "v.choose",
  }),
  reason: requiredText(4000),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "v.date" });
const won = z.string().trim().transform((text) => text.replaceAll(",", "")).pipe(z.string().regex(/^[1-9]\d{0,11}$/, { message: "v.positive" }));

/** What a decision must say, per kind of approval (program/deciding.py checks the same). */
export const decisionSchemas = {
  requirements_review: z
    .object({ outcome: z.enum(["eligible", "ineligible", "more_info"], { message: "v.choose" }), reason: optionalText(4000) })
    .refine((value) => value.outcome === "eligible" || value.reason.trim().length > 0, { message: "v.reason", path: ["reason"] }),
  cost_audit: z.object({ audited_budget: won }),
  agreement: z.object({ signed_on: day }),
  payment: z.object({ paid_on: day }),
  report_meeting: z.object({ held_on: day }),
  final_evaluation: z
    .object({ verdict: z.enum(["success", "supplement", "fail"], { message: "v.choose" }), reason: optionalText(4000) })
    .refine((value) => value.verdict === "success" || value.reason.trim().length > 0, { message: "v.reason", path: ["reason"] }),
  plan_change: z
    .object({ approved: z.enum(["yes", "no"], { message: "v.choose" }), reason: optionalText(4000) })
    .refine((value) => value.approved === "yes" || value.reason.trim().length > 0, { message: "v.reason", path: ["reason"] }),
  repayment: z.object({ repaid: z.enum(["yes", "no"], { message: "v.choose" }) }),
} as const;

// -- admin ---------------------------------------------------------------------------------------------------
export const ROLES = ["applicant", "evaluator", "staff", "admin", "factory"] as const;
/** A site id as the collectors name it (the server's rule): lower-case letters, digits and hyphens. */
export const SITE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A factory user needs its site; the site is sent only with the factory role. */
function siteForFactory(value: { roles: string[]; site: string }, context: z.RefinementCtx): void {
  if (value.roles.includes("factory") && !SITE_ID.test(value.site.trim())) {
    context.addIssue({ code: "custom", message: "v.site", path: ["site"] });
  }
}

const roles = z.array(z.enum(ROLES)).min(1, { message: "v.atLeastOne" });

export const inviteUserSchema = z.object({ email: emailField, name: requiredText(100), roles, site: z.string() }).superRefine(siteForFactory);
export type InviteUserValues = z.input<typeof inviteUserSchema>;

export const rolesSchema = z.object({ roles, site: z.string() }).superRefine(siteForFactory);
export type RolesValues = z.input<typeof rolesSchema>;

/** What the API takes: the site only with the factory role. */
export function siteOf(values: { roles: readonly string[]; site: string }): string | undefined {
  return values.roles.includes("factory") ? values.site.trim() : undefined;
}
