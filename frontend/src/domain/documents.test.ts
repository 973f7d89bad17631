import { describe, expect, it } from "vitest";
import { acceptFor, checkFile, MAX_BYTES, missingDocuments, requiredDocuments } from "./documents";

describe("documents per role (R-DOC)", () => {
  it("asks the adopter for its papers and budget, suppliers for theirs, the bonus evidence when claimed", () => {
    const needed = requiredDocuments(["adopter", "solution_company"], true);
    expect(needed.adopter).toEqual([
      "application_form",
      "consent_form",
      "business_registration",
      "factory_registration",
      "local_tax_certificate",
      "budget_breakdown",
      "quote",
      "bonus_certificate",
    ]);
    expect(needed.solution_company).toEqual(["business_registration", "track_record", "staff_cv", "social_insurance_roster"]);
    expect(requiredDocuments(["adopter"], false).adopter).not.toContain("bonus_certificate");
  });
  it("lists what is still missing per role", () => {
    const needed = requiredDocuments(["adopter", "supplier"], false);
    const missing = missingDocuments(needed, { adopter: ["application_form", "quote"], supplier: [...(needed.supplier ?? [])] });
    expect(Object.keys(missing)).toEqual(["adopter"]);
    expect(missing.adopter).not.toContain("quote");
    expect(missingDocuments(needed, { adopter: [...(needed.adopter ?? [])], supplier: [...(needed.supplier ?? [])] })).toEqual({});
  });
});

describe("what an upload may be", () => {
  const pdf = { name: "신청서.PDF", type: "application/pdf", size: 1000 };
  it("accepts the kind's types and declares the content type", () => {
    expect(checkFile("application_form", pdf)).toEqual({ type: "pdf", contentType: "application/pdf" });
    expect(checkFile("quote", { name: "견적.jpeg", type: "image/jpeg", size: 10 })).toEqual({ type: "jpg", contentType: "image/jpeg" });
  });
  it("declares the canonical type when the browser knows none (HWP)", () => {
    expect(checkFile("quote", { name: "견적서.hwp", type: "", size: 10 })).toEqual({ type: "hwp", contentType: "application/x-hwp" });
  });
  it("takes spreadsheets only for the budget", () => {
    const sheet = { name: "budget.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 10 };
    expect(checkFile("budget_breakdown", sheet)).toMatchObject({ type: "xlsx" });
    expect(checkFile("quote", sheet)).toBe("type");
  });
  it("refuses other types, a type that contradicts the name, empty and oversized files", () => {
    expect(checkFile("quote", { name: "virus.exe", type: "application/x-msdownload", size: 10 })).toBe("type");
    expect(checkFile("quote", { name: "no-extension", type: "application/pdf", size: 10 })).toBe("type");
    expect(checkFile("quote", { name: "a.pdf", type: "image/png", size: 10 })).toBe("type");
    expect(checkFile("quote", { ...pdf, size: 0 })).toBe("empty");
    expect(checkFile("quote", { ...pdf, size: MAX_BYTES })).toMatchObject({ type: "pdf" });
    expect(checkFile("quote", { ...pdf, size: MAX_BYTES + 1 })).toBe("size");
  });
  it("tells the file picker what to offer", () => {
    expect(acceptFor("quote")).toContain(".hwpx");
    expect(acceptFor("quote")).not.toContain(".xlsx");
    expect(acceptFor("budget_breakdown")).toContain(".xlsx");
  });
});
