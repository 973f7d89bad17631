import { describe, expect, it } from "vitest";
import type { RankedRow, Rubric } from "../api/types";
import { explainRanking } from "./ranking";
import { rubricProblems } from "./rubric";
import { parsePoints, sheetItems, sheetSums } from "./scoring";

// The 2022 call's rubric as printed: plan fit says 40 but its items add up to 35 (OP-2).
const printed: Rubric = {
  total: 100,
  categories: [
    { id: "adopter_fit", max: 30, items: [{ id: "a1", max: 15 }, { id: "a2", max: 15 }] },
    { id: "supplier_fit", max: 30, items: [{ id: "s1", max: 10 }, { id: "s2", max: 10 }, { id: "s3", max: 10 }] },
    {
      id: "plan_fit",
      max: 40,
      items: [{ id: "p1", max: 10 }, { id: "p2", max: 10 }, { id: "p3", max: 10 }, { id: "p4", max: 5 }],
    },
  ],
};

describe("rubric validation (OP-2)", () => {
  it("shows the printed call's 35-vs-40 flaw and nothing else", () => {
    expect(rubricProblems(printed)).toEqual([{ kind: "categorySum", category: "plan_fit", items: 35, max: 40 }]);
  });
  it("accepts the corrected rubric", () => {
    const corrected = structuredClone(printed);
    corrected.categories[2]!.items[3]!.max = 10;
    expect(rubricProblems(corrected)).toEqual([]);
  });
  it("reports categories that do not add up to the total, bad maxima, empty and repeated parts", () => {
    const broken: Rubric = {
      total: 100,
      categories: [
        { id: "x", max: 50, items: [{ id: "i", max: 50 }] },
        { id: "x", max: 0, items: [] },
        { id: "y", max: 0.3, items: [{ id: "j", max: 0.1 }, { id: "i", max: 0.2 }] },
      ],
    };
    expect(rubricProblems(broken)).toEqual([
      { kind: "duplicate", what: "category", id: "x" },
      { kind: "duplicate", what: "item", id: "i" },
      { kind: "categoryMax", category: "x", max: 0 },
      { kind: "noItems", category: "x" },
      { kind: "totalSum", categories: 50.3, total: 100 },
    ]);
  });
});

describe("score sheet sums", () => {
  it("adds per category and in total exactly, counting only valid points", () => {
    const sums = sheetSums(printed, { a1: "14.5", a2: "13", s1: "9.25", p4: "6" });
    expect(sums.categories.adopter_fit).toEqual({ sum: 27.5, max: 30, filled: 2, items: 2 });
    expect(sums.categories.supplier_fit!.sum).toBe(9.25);
    expect(sums.categories.plan_fit!.sum).toBe(0); // 6 is above the item's 5: not counted
    expect(sums.total).toBe(36.75);
    expect(sums.complete).toBe(false);
  });
  it("parses points with up to two decimals", () => {
    expect(parsePoints("7")).toBe(7);
    expect(parsePoints("7,5")).toBe(7.5);
    expect(parsePoints("7.555")).toBeNull();
    expect(parsePoints("-1")).toBeNull();
    expect(parsePoints("")).toBeNull();
    expect(sheetItems({ a1: "3", a2: "", s1: "x" })).toEqual({ a1: 3 });
  });
});

describe("ranking explanations (R-SEL-4)", () => {
  const row = (id: string, total: number, bonus: number, fit: number, rank: number, status: RankedRow["status"]) =>
    ({ id, base: total - bonus, bonus, total, adopter_fit: fit, rank, status }) as RankedRow;
  it("says the bonus broke a tie on the total", () => {
    const [first, second] = explainRanking([row("b", 85, 5, 24, 2, "selected"), row("c", 85, 0, 26, 3, "selected")]);
    expect(first).toMatchObject({ tiedWith: ["c"], breaks: ["bonus"], needsDecision: false });
    expect(second!.breaks).toEqual(["bonus"]);
  });
  it("says adopter fit broke it when the bonus did not, and flags a tie left for staff", () => {
    const explained = explainRanking([
      row("a", 80, 0, 25, 1, "selected"),
      row("b", 80, 0, 24, 2, "selected"),
      row("c", 78, 0, 20, 3, "tie_unresolved"),
      row("d", 78, 0, 20, 3, "tie_unresolved"),
      row("e", 70, 0, 20, 5, "reserve"),
    ]);
    expect(explained.map((e) => e.breaks)).toEqual([["adopter_fit"], ["adopter_fit"], ["shared"], ["shared"], []]);
    expect(explained.filter((e) => e.needsDecision).map((e) => e.row.id)).toEqual(["c", "d"]);
  });
});
