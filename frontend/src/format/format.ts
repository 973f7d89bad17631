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

// -- in the reader's language (dates stay in Asia/Seoul whatever the language) ---------------------------
type Lang = "ko" | "en";

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ko "2025. 3. 5.", en "5 Mar 2025". */
export function formatDate(value: DateInput, lang: Lang): string {
  if (lang === "ko") return formatDateLong(value);
  const p = seoulParts(value);
  return `${Number(p.day)} ${MONTHS_EN[Number(p.month) - 1] ?? p.month} ${p.year}`;
}

/** ko "2025.03.05 14:07", en "5 Mar 2025, 14:07" (24-hour, Seoul time). */
export function formatDateTimeIn(value: DateInput, lang: Lang): string {
  if (lang === "ko") return formatDateTime(value);
  const p = seoulParts(value);
  return `${formatDate(value, "en")}, ${p.hour}:${p.minute}`;
}

/** A calendar day the API gives as "YYYY-MM-DD" (already a KST day): never shifted by a time zone. */
export function formatDay(day: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a calendar day: ${day}`);
  const [, year, month, date] = match;
  if (lang === "ko") return `${year}. ${Number(month)}. ${Number(date)}.`;
  return `${Number(date)} ${MONTHS_EN[Number(month) - 1] ?? month} ${year}`;
}

/** ko "1,234,567원", en "KRW 1,234,567". */
export function formatAmount(amount: number, lang: Lang): string {
  if (lang === "ko") return formatWon(amount);
  if (!Number.isFinite(amount)) throw new RangeError(`not an amount: ${String(amount)}`);
  return `KRW ${wonFormatter.format(Math.round(amount))}`;
}

/** Points: up to two decimals, no trailing zeros ("85", "84.5", "84.25"). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** "1.2 MB", "340 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Time left until a deadline: "3일 4시간", "2시간 5분", "45분"; en "3 days 4 h", "2 h 5 min"; null once passed. */
export function formatRemaining(milliseconds: number, lang: Lang): string | null {
  if (milliseconds <= 0) return null;
  const minutes = Math.floor(milliseconds / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (lang === "ko") {
    if (days > 0) return hours ? `${days}일 ${hours}시간` : `${days}일`;
    if (hours > 0) return mins ? `${hours}시간 ${mins}분` : `${hours}시간`;
    return `${Math.max(1, mins)}분`;
  }
  if (days > 0) return hours ? `${days} ${days === 1 ? "day" : "days"} ${hours} h` : `${days} ${days === 1 ? "day" : "days"}`;
  if (hours > 0) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${Math.max(1, mins)} min`;
}
