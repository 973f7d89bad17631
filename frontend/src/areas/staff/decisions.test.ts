import { describe, expect, it } from "vitest";
import { decisionBody } from "./decisions";

describe("decision bodies", () => {
  it("turns typed amounts and yes/no answers into what the API takes", () => {
    expect(decisionBody("cost_audit", { audited_budget: "100,000,000" })).toEqual({ audited_budget: 100_000_000 });
    expect(decisionBody("plan_change", { approved: "no", reason: "일정 근거 부족" })).toEqual({ approved: false, reason: "일정 근거 부족" });
    expect(decisionBody("repayment", { repaid: "yes" })).toEqual({ repaid: true });
    expect(decisionBody("agreement", { signed_on: "2026-12-02" })).toEqual({ signed_on: "2026-12-02" });
  });
  it("always sends the reason of the kinds that record one, even empty", () => {
    expect(decisionBody("requirements_review", { outcome: "eligible", reason: "" })).toEqual({ outcome: "eligible", reason: "" });
    expect(decisionBody("final_evaluation", { verdict: "success" })).toEqual({ verdict: "success", reason: "" });
  });
});
