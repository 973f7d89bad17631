// Dates and money the way Korean public services print them. Every formatter pins Asia/Seoul so the
// output does not depend on the browser's time zone.
const TIME_ZONE = "Asia/Seoul";

type DateInput = Date | number | string;

const partsFormatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const wonFormatter = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 0 });

function toDate(value: DateInput): Date {
  const date = typeof value === "number" && value < 1e11 ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`not a date: ${String(value)}`);
  }
  return date;
}

interface SeoulParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function seoulParts(value: DateInput): SeoulParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter.formatToParts(toDate(value))) {
    parts[part.type] = part.value;
  }
  return {
    year: parts.year ?? "",
    month: parts.month ?? "",
    day: parts.day ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? "",
  };
}

/** "2025. 3. 5." — the long form used in running text. Numbers below 1e11 are epoch seconds. */
export function formatDateLong(value: DateInput): string {
  const p = seoulParts(value);
  return `${p.year}. ${Number(p.month)}. ${Number(p.day)}.`;
}

/** "2025.03.05" — the short form used in tables and lists. */
export function formatDateShort(value: DateInput): string {
  const p = seoulParts(value);
  return `${p.year}.${p.month}.${p.day}`;
}

/** "2025.03.05 14:07" — short date with 24-hour time. */
export function formatDateTime(value: DateInput): string {
  const p = seoulParts(value);
  return `${p.year}.${p.month}.${p.day} ${p.hour}:${p.minute}`;
}

/** "1,234,567원" — whole won, grouped by thousands. */
export function formatWon(amount: number): string {
  if (!Number.isFinite(amount)) {
    throw new RangeError(`not an amount: ${String(amount)}`);
  }
  return `${wonFormatter.format(Math.round(amount))}원`;
}

/** "1:05" — minutes and seconds left, for the session countdown. */
export function formatCountdown(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
}
