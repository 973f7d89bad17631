// 사업자등록번호: ten digits, the last a National Tax Service check digit. The same rule as the server's
// domain/program/brn.py, so applicants get feedback while typing; the server checks again.
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

export type BrnState = "empty" | "incomplete" | "malformed" | "checkDigit" | "valid";

/** The digits of what was typed, when it is digits with optional hyphens in the 3-2-5 places. */
export function brnDigits(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[0-9]{0,3}(-?[0-9]{0,2}(-?[0-9]{0,5})?)?$/.test(trimmed)) return null;
  return trimmed.replaceAll("-", "");
}

/** Weights 1,3,7,1,3,7,1,3,5; plus the tens of 5 × the ninth digit; check = (10 − sum mod 10) mod 10. */
export function brnCheckDigit(firstNine: string): number {
  if (!/^[0-9]{9}$/.test(firstNine)) throw new RangeError(`not nine digits: ${firstNine}`);
  const digits = [...firstNine].map(Number);
  let sum = 0;
  WEIGHTS.forEach((weight, index) => {
    sum += (digits[index] ?? 0) * weight;
  });
  sum += Math.floor(((digits[8] ?? 0) * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

/** Where the typed number stands, for feedback as it is typed. */
export function brnState(text: string): BrnState {
  if (!text.trim()) return "empty";
  const digits = brnDigits(text);
  if (digits === null || digits.length > 10) return "malformed";
  if (digits.length < 10) return "incomplete";
  return brnCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? "valid" : "checkDigit";
}

export function isValidBrn(text: string): boolean {
  return brnState(text) === "valid";
}

/** "1234567890" → "123-45-67890"; anything else unchanged. */
export function formatBrn(text: string): string {
  const digits = brnDigits(text);
  if (!digits || digits.length !== 10) return text;
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}
