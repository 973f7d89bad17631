import { describe, expect, it } from "vitest";
import { formatCountdown, formatDateLong, formatDateShort, formatDateTime, formatWon } from "./format";

// 2025-03-05 05:07 UTC is 14:07 in Seoul; 2025-03-04 20:30 UTC is already the 5th in Seoul.
const AFTERNOON = Date.UTC(2025, 2, 5, 5, 7);
const AFTER_MIDNIGHT_SEOUL = Date.UTC(2025, 2, 4, 20, 30);

describe("dates in Asia/Seoul", () => {
  it("prints the long form without zero padding", () => {
    expect(formatDateLong(AFTERNOON)).toBe("2025. 3. 5.");
  });
  it("prints the short form with zero padding", () => {
    expect(formatDateShort(AFTERNOON)).toBe("2025.03.05");
  });
  it("prints 24-hour time", () => {
    expect(formatDateTime(AFTERNOON)).toBe("2025.03.05 14:07");
    expect(formatDateTime(Date.UTC(2025, 11, 31, 15, 0))).toBe("2026.01.01 00:00");
  });
  it("uses the Seoul calendar day, not UTC's", () => {
    expect(formatDateShort(AFTER_MIDNIGHT_SEOUL)).toBe("2025.03.05");
  });
  it("reads epoch seconds as the API sends them", () => {
    expect(formatDateTime(AFTERNOON / 1000)).toBe("2025.03.05 14:07");
  });
  it("refuses what is not a date", () => {
    expect(() => formatDateShort("yesterday")).toThrow(RangeError);
  });
});

describe("money", () => {
  it("groups thousands and appends 원", () => {
    expect(formatWon(1234567)).toBe("1,234,567원");
    expect(formatWon(0)).toBe("0원");
  });
  it("rounds to whole won", () => {
    expect(formatWon(999.6)).toBe("1,000원");
  });
  it("refuses NaN", () => {
    expect(() => formatWon(Number.NaN)).toThrow(RangeError);
  });
});

describe("countdown", () => {
  it("prints minutes and seconds, never negative", () => {
    expect(formatCountdown(125)).toBe("2:05");
    expect(formatCountdown(-3)).toBe("0:00");
  });
});
