// Deadlines by the program's calendar convention (OP-5, docs/program.md): a due *day* is in time until the
// next day's 00:00 KST; KST is UTC+9 all year.
const KST_OFFSET_MS = 9 * 3600 * 1000;

/** The exclusive instant (epoch ms) a due day ("YYYY-MM-DD", KST) ends: the next day, 00:00 KST. */
export function endOfKstDay(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a calendar day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1) - KST_OFFSET_MS;
}

/** The KST calendar day of an instant, as "YYYY-MM-DD". */
export function kstDay(epochMs: number): string {
  return new Date(epochMs + KST_OFFSET_MS).toISOString().slice(0, 10);
}

/** How urgent a deadline is, for styling and sorting: passed, within a day, within three days, later. */
export type Urgency = "passed" | "today" | "soon" | "later" | "none";

export function urgency(deadlineMs: number | null, nowMs: number): Urgency {
  if (deadlineMs === null) return "none";
  const left = deadlineMs - nowMs;
  if (left <= 0) return "passed";
  if (left <= 24 * 3600 * 1000) return "today";
  if (left <= 3 * 24 * 3600 * 1000) return "soon";
  return "later";
}
