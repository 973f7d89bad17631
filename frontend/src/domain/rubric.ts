// A rubric's points must add up (R-SEL-2, OP-2): items to their category, categories to the total. The same
// checks as the server's domain/program/rubric.py, for live feedback while staff edit a draft call's rubric;
// the server keeps the problems with the call and refuses to open it on them.
import type { Rubric } from "../api/types";

export type RubricProblem =
  | { kind: "noCategories" }
  | { kind: "total"; total: number }
  | { kind: "duplicate"; what: "category" | "item"; id: string }
  | { kind: "itemMax"; category: string; item: string; max: number }
  | { kind: "categoryMax"; category: string; max: number }
  | { kind: "noItems"; category: string }
  | { kind: "categorySum"; category: string; items: number; max: number }
  | { kind: "totalSum"; categories: number; total: number };

/** Points in hundredths, so sums are exact for the two decimals the program uses. */
export const hundredths = (value: number) => Math.round(value * 100);
export const fromHundredths = (value: number) => value / 100;

function sum(values: readonly number[]): number {
  return fromHundredths(values.reduce((total, value) => total + hundredths(value), 0));
}

export function rubricProblems(rubric: Rubric): RubricProblem[] {
  const found: RubricProblem[] = [];
  const duplicates = (what: "category" | "item", ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) found.push({ kind: "duplicate", what, id });
      seen.add(id);
    }
  };
  duplicates("category", rubric.categories.map((category) => category.id));
  duplicates("item", rubric.categories.flatMap((category) => category.items.map((item) => item.id)));
  if (!rubric.categories.length) found.push({ kind: "noCategories" });
  if (!(rubric.total > 0)) found.push({ kind: "total", total: rubric.total });
  for (const category of rubric.categories) {
    for (const item of category.items) {
      if (!(item.max > 0)) found.push({ kind: "itemMax", category: category.id, item: item.id, max: item.max });
    }
    if (!(category.max > 0)) found.push({ kind: "categoryMax", category: category.id, max: category.max });
    if (!category.items.length) {
      found.push({ kind: "noItems", category: category.id });
      continue;
    }
    const items = sum(category.items.map((item) => item.max));
    if (hundredths(items) !== hundredths(category.max)) {
      found.push({ kind: "categorySum", category: category.id, items, max: category.max });
    }
  }
  const categories = sum(rubric.categories.map((category) => category.max));
  if (rubric.categories.length && hundredths(categories) !== hundredths(rubric.total)) {
    found.push({ kind: "totalSum", categories, total: rubric.total });
  }
  return found;
}

/** The sum of a category's item maxima (what it says vs what it adds up to). */
export function itemsSum(category: Rubric["categories"][number]): number {
  return sum(category.items.map((item) => item.max));
}

export function categoriesSum(rubric: Rubric): number {
  return sum(rubric.categories.map((category) => category.max));
}
