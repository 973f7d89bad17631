// Why each application stands where it does on the ranking board (R-SEL-3/4): the total orders the board;
// among equal totals the bonus holder comes first (R-ELG-10), then the adopter-fit score; entries still equal
// share a rank, and a tie across the last place (`tie_unresolved`) is left to staff.
import type { RankedRow } from "../api/types";

export type TieBreak = "bonus" | "adopter_fit" | "shared";

export interface Explained {
  row: RankedRow;
  /** The other applications with the same total. */
  tiedWith: string[];
  /** What separated this row from those it was tied with (empty when it was not tied). */
  breaks: TieBreak[];
  needsDecision: boolean;
}

const holdsBonus = (row: RankedRow) => row.bonus > 0;

export function explainRanking(rows: readonly RankedRow[]): Explained[] {
  return rows.map((row) => {
    const tied = rows.filter((other) => other.id !== row.id && other.total === row.total);
    const breaks: TieBreak[] = [];
    if (tied.some((other) => holdsBonus(other) !== holdsBonus(row))) breaks.push("bonus");
    const sameBonus = tied.filter((other) => holdsBonus(other) === holdsBonus(row));
    if (sameBonus.some((other) => other.adopter_fit !== row.adopter_fit)) breaks.push("adopter_fit");
    if (sameBonus.some((other) => other.adopter_fit === row.adopter_fit)) breaks.push("shared");
    return { row, tiedWith: tied.map((other) => other.id), breaks, needsDecision: row.status === "tie_unresolved" };
  });
}
