import { describe, expect, it } from "vitest";
import type { Rubric } from "../api/types";
import {
  adopterSectionSchema,
  applicationCreateSchema,
  callCreateSchema,
  consentSchema,
  decisionSchemas,
  declarationSchema,
  inviteUserSchema,
  isoToSeoulLocal,
  memberInviteSchema,
  panelSchema,
  rolesSchema,
  scoreSheetSchema,
  seoulLocalToIso,
  siteOf,
  supplierSectionSchema,
} from "./schemas";
import { serverFieldName } from "./serverErrors";

/** The message keys of a failed parse, by field path. */
function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

describe("application forms", () => {
  it("asks for the kind, the company and a business registration number with a matching check digit", () => {
    expect(applicationCreateSchema.safeParse({ kind: "consortium", adopter_name: "데모정밀(주)", adopter_brn: "220-81-62517" }).success).toBe(true);
    expect(problems(applicationCreateSchema.safeParse({ kind: "", adopter_name: " ", adopter_brn: "220-81-62518" }))).toEqual({
      kind: "v.choose",
      adopter_name: "v.required",
      adopter_brn: "v.brnCheckDigit",
    });
    expect(problems(applicationCreateSchema.safeParse({ kind: "single", adopter_name: "a", adopter_brn: "220-81" }))).toEqual({
      adopter_brn: "v.brnIncomplete",
    });
  });
  it("invites a member company's person by e-mail", () => {
    const invite = { role: "solution_company", name: "솔루션(주)", brn: "2208162517", email: "kim@solution.kr" };
    expect(memberInviteSchema.safeParse(invite).success).toBe(true);
    expect(problems(memberInviteSchema.safeParse({ ...invite, email: "kim@", brn: "abc" }))).toEqual({
      email: "v.email",
      brn: "v.brnMalformed",
    });
  });
  it("needs every yes/no fact of a completed section answered", () => {
    const adopter = {
      title: "사출 공정 데이터 활용",
      plan: "",
      company_size: "sme",
      factory_in_incheon: "yes",
      supported_before: "no",
      in_large_business_group: "no",
      runs_mes: "yes",
      network_data_supply: "yes",
      imate_consent: "yes",
      exclusions: [],
      bonus_program: "none",
    };
    expect(adopterSectionSchema.safeParse(adopter).success).toBe(true);
    expect(problems(adopterSectionSchema.safeParse({ ...adopter, runs_mes: "", title: "" }))).toEqual({
      runs_mes: "v.choose",
      title: "v.required",
    });
    const supplier = {
      plan: "",
      founded: "2015-03-02",
      experts_3y: "3",
      solution_track_record: "yes",
      sw_hw_record_3y: "yes",
      consulting_category: "no",
      own_platform: "no",
      gs_certified: "no",
      consulting_record_3y: "no",
      qualifications: ["solution"],
    };
    expect(supplierSectionSchema.safeParse(supplier).success).toBe(true);
    expect(problems(supplierSectionSchema.safeParse({ ...supplier, experts_3y: "two", founded: "" }))).toEqual({
      experts_3y: "v.wholeNumber",
      founded: "v.date",
    });
  });
  it("takes consents only as answered, the required ones agreed to", () => {
    const schema = consentSchema([
      { id: "personal_info", required: true },
      { id: "marketing", required: false },
    ]);
    expect(schema.safeParse({ personal_info: "agree", marketing: "disagree" }).success).toBe(true);
    expect(problems(schema.safeParse({ personal_info: "disagree" }))).toEqual({
      personal_info: "v.consentRequired",
      marketing: "v.choose",
    });
  });
});

describe("evaluation forms", () => {
  const rubric: Rubric = {
    total: 100,
    categories: [{ id: "fit", max: 100, items: [{ id: "a", max: 60 }, { id: "b", max: 40 }] }],
  };
  it("asks for a note only when declaring a conflict", () => {
    expect(declarationSchema.safeParse({ conflict: "no", note: "" }).success).toBe(true);
    expect(problems(declarationSchema.safeParse({ conflict: "yes", note: " " }))).toEqual({ note: "v.reason" });
  });
  it("keeps every item within its bounds on submit", () => {
    const schema = scoreSheetSchema(rubric);
    expect(schema.safeParse({ items: { a: "60", b: "39.5" }, comments: "" }).success).toBe(true);
    expect(problems(schema.safeParse({ items: { a: "61", b: "" }, comments: "" }))).toEqual({
      "items.a": "v.points",
      "items.b": "v.points",
    });
  });
});

describe("staff and admin forms", () => {
  it("reads call dates as Seoul time and wants the deadline after the opening", () => {
    expect(seoulLocalToIso("2026-12-01T09:00")).toBe("2026-12-01T09:00:00+09:00");
    expect(isoToSeoulLocal("2026-12-01T00:00:00+00:00")).toBe("2026-12-01T09:00");
    const call = { title_ko: "2026년 공고", title_en: "", opens_at: "2026-12-01T09:00", closes_at: "2026-12-01T08:00", places: "3" };
    expect(problems(callCreateSchema.safeParse(call))).toEqual({ closes_at: "v.dateOrder" });
    expect(problems(callCreateSchema.safeParse({ ...call, closes_at: "2026-12-20T18:00", places: "0" }))).toEqual({ places: "v.positive" });
  });
  it("needs a reason for every decision but the plain yes", () => {
    expect(decisionSchemas.requirements_review.safeParse({ outcome: "eligible", reason: "" }).success).toBe(true);
    expect(problems(decisionSchemas.requirements_review.safeParse({ outcome: "more_info", reason: "" }))).toEqual({ reason: "v.reason" });
    expect(problems(decisionSchemas.final_evaluation.safeParse({ verdict: "fail", reason: "" }))).toEqual({ reason: "v.reason" });
    expect(decisionSchemas.cost_audit.parse({ audited_budget: "100,000,000" })).toEqual({ audited_budget: "100000000" });
    expect(problems(decisionSchemas.cost_audit.safeParse({ audited_budget: "0" }))).toEqual({ audited_budget: "v.positive" });
  });
  it("puts the chair on a panel of one to five", () => {
    expect(panelSchema.safeParse({ evaluators: ["a@x.kr"], chair: "a@x.kr" }).success).toBe(true);
    expect(problems(panelSchema.safeParse({ evaluators: ["a@x.kr"], chair: "b@x.kr" }))).toEqual({ chair: "v.choose" });
    expect(problems(panelSchema.safeParse({ evaluators: [], chair: "" }))).toMatchObject({ evaluators: "v.atLeastOne" });
  });
  it("invites a user with at least one role", () => {
    expect(problems(inviteUserSchema.safeParse({ email: "x@example.kr", name: "새 사용자", roles: [], site: "" }))).toEqual({ roles: "v.atLeastOne" });
  });
  it("gives a factory user a site id and nobody else one", () => {
    const factory = { email: "kim@demo.kr", name: "김", roles: ["factory"], site: "" };
    expect(problems(inviteUserSchema.safeParse(factory))).toEqual({ site: "v.site" });
    expect(problems(rolesSchema.safeParse({ roles: ["factory"], site: "Plant 2" }))).toEqual({ site: "v.site" });
    expect(inviteUserSchema.safeParse({ ...factory, site: "plant-2" }).success).toBe(true);
    expect(siteOf({ roles: ["factory"], site: " plant-2 " })).toBe("plant-2");
    expect(siteOf({ roles: ["staff"], site: "plant-2" })).toBeUndefined();
  });
  it("puts a server refusal on the field it names", () => {
    expect(serverFieldName("adopter_brn", ["adopter_brn", "kind"])).toBe("adopter_brn");
    expect(serverFieldName("members[1].brn", ["brn", "email"])).toBe("brn");
    expect(serverFieldName("brn", ["adopter_brn"], { brn: "adopter_brn" })).toBe("adopter_brn");
    expect(serverFieldName("documents", ["message"])).toBeNull();
    expect(serverFieldName(undefined, ["message"])).toBeNull();
  });
});
