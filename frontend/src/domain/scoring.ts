// A score sheet's running sums (per category and in total) while an evaluator types, in exact hundredths.
import type { Rubric } from "../api/types";
import { fromHundredths, hundredths } from "./rubric";

export interface SheetSums {
  categories: Record<string, { sum: number; max: number; filled: number; items: number }>;
  total: number;
  max: number;
  complete: boolean;
}

/** Points typed as text: a number with at most two decimals, else null. */
export function parsePoints(text: string | undefined): number | null {
  const trimmed = (text ?? "").trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return null;
  return Number(trimmed);
}

export function sheetSums(rubric: Rubric, points: Record<string, string | undefined>): SheetSums {
  const categories: SheetSums["categories"] = {};
  let total = 0;
  let complete = true;
  for (const category of rubric.categories) {
    let sum = 0;
    let filled = 0;
    for (const item of category.items) {
      const value = parsePoints(points[item.id]);
      if (value === null || value > item.max) {
        complete = false;
        continue;
      }
      sum += hundredths(value);
      filled += 1;
    }
    categories[category.id] = { sum: fromHundredths(sum), max: category.max, filled, items: category.items.length };
    total += sum;
  }
  return { categories, total: fromHundredths(total), max: rubric.total, complete };
}

/** The items as the API takes them (numbers), leaving out what is blank or not a number (a draft). */
export function sheetItems(points: Record<string, string | undefined>): Record<string, number> {
  const items: Record<string, number> = {};
  for (const [id, text] of Object.entries(points)) {
    const value = parsePoints(text);
    if (value !== null) items[id] = value;
  }
  return items;
}
