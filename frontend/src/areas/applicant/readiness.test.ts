import { describe, expect, it } from "vitest";
import type { Application, Document } from "../../api/types";
import { translate, type MessageKey } from "../../i18n/messages";
import { progressSteps } from "./progress";
import { readiness } from "./readiness";

const t = (key: MessageKey, params?: Record<string, string | number>) => translate("ko", key, params);
const member = (role: string, joined: boolean, completed: boolean) =>
  ({ role, brn: "2208162517", name: `${role} 기업`, joined, completed, invited: [], section: {}, qualifications: [] }) as unknown as Application["members"][number];
const doc = (role: string, kind: string, status: Document["status"] = "clean") => ({ id: `${role}-${kind}`, role, kind, filename: `${kind}.pdf`, status }) as Document;
const ADOPTER = ["application_form", "consent_form", "business_registration", "factory_registration", "local_tax_certificate", "budget_breakdown", "quote"];
const SUPPLIER = ["business_registration", "track_record", "staff_cv", "social_insurance_roster"];

function application(members: Application["members"], consents: Record<string, boolean>): Application {
  return { id: "app-1", call_id: "call-1", status: "draft", status_label: "작성 중", kind: "consortium", members, my_roles: ["adopter"], consents, bonus_claim: false } as Application;
}

describe("readiness to submit", () => {
  const required = { personal_info: true, company_info: true, imate_sharing: true };
  it("names what keeps a consortium from being submitted, each with the step to fix it", () => {
    const app = application([member("adopter", true, true), member("solution_company", false, false)], { personal_info: true });
    const open = readiness(app, [doc("adopter", "quote")], t).filter((check) => !check.ok);
    expect(open.map((check) => check.step)).toEqual(["members", "members", "documents", "consent"]);
    expect(open[0]!.text).toContain("솔루션기업");
    expect(open[1]!.text).toContain("컨설팅기업을(를) 아직 초대하지 않았습니다");
    expect(open[2]!.text).toContain("도입기업: 사업신청서 및 사업계획서");
  });
  it("is ready when every member is done, every required document is in and the consents given", () => {
    const members = [member("adopter", true, true), member("solution_company", true, true), member("consulting_company", true, true)];
    const docs = [
      ...ADOPTER.map((kind) => doc("adopter", kind)),
      ...SUPPLIER.map((kind) => doc("solution_company", kind)),
      ...SUPPLIER.map((kind) => doc("consulting_company", kind, "pending_scan")),
    ];
    expect(readiness(application(members, required), docs, t).every((check) => check.ok)).toBe(true);
    const rejected = docs.map((d) => (d.kind === "quote" ? { ...d, status: "rejected" as const } : d));
    expect(readiness(application(members, required), rejected, t).filter((check) => !check.ok).map((check) => check.step)).toEqual(["documents"]);
  });
});

describe("progress in the applicant's words", () => {
  const states = (status: Application["status"]) => progressSteps(status, (stage) => stage).map((step) => step.state);
  it("marks where the application stands", () => {
    expect(states("submitted")).toEqual(["active", "todo", "todo", "todo", "todo"]);
    expect(states("info_requested")).toEqual(["done", "active", "todo", "todo", "todo"]);
    expect(states("evaluation")).toEqual(["done", "done", "done", "active", "todo"]);
  });
  it("shows an ended application's last step done", () => {
    expect(states("reserve")).toEqual(["done", "done", "done", "done", "done"]);
    expect(states("ineligible")).toEqual(["done", "done", "todo", "todo", "todo"]);
  });
});
