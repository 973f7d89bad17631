import { describe, expect, it } from "vitest";
import { formatAmount, formatDate, formatDateTimeIn, formatDay, formatPoints, formatRemaining } from "../format/format";
import { endOfKstDay, kstDay, urgency } from "./deadlines";

describe("the calendar convention (OP-5)", () => {
  it("ends a due day at the next day's 00:00 KST", () => {
    expect(new Date(endOfKstDay("2026-12-15")).toISOString()).toBe("2026-12-15T15:00:00.000Z");
    expect(new Date(endOfKstDay("2026-12-31")).toISOString()).toBe("2026-12-31T15:00:00.000Z");
  });
  it("reads the KST day of an instant", () => {
    expect(kstDay(Date.UTC(2026, 11, 14, 15, 0))).toBe("2026-12-15");
    expect(kstDay(Date.UTC(2026, 11, 14, 14, 59))).toBe("2026-12-14");
  });
  it("grades urgency", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(urgency(null, now)).toBe("none");
    expect(urgency(now - 1, now)).toBe("passed");
    expect(urgency(now + 3600_000, now)).toBe("today");
    expect(urgency(now + 2 * 86400_000, now)).toBe("soon");
    expect(urgency(now + 9 * 86400_000, now)).toBe("later");
  });
});

describe("formatting for the chosen language", () => {
  const afternoon = Date.UTC(2025, 2, 5, 5, 7);
  it("prints dates in Seoul time in either language", () => {
    expect(formatDate(afternoon, "ko")).toBe("2025. 3. 5.");
    expect(formatDate(afternoon, "en")).toBe("5 Mar 2025");
    expect(formatDateTimeIn(afternoon, "en")).toBe("5 Mar 2025, 14:07");
    expect(formatDateTimeIn(Date.UTC(2025, 2, 4, 20, 30), "en")).toBe("5 Mar 2025, 05:30");
  });
  it("prints calendar days without shifting them", () => {
    expect(formatDay("2026-01-09", "ko")).toBe("2026. 1. 9.");
    expect(formatDay("2026-01-09", "en")).toBe("9 Jan 2026");
    expect(() => formatDay("9 Jan", "en")).toThrow(RangeError);
  });
  it("prints amounts in won with separators", () => {
    expect(formatAmount(80_000_000, "ko")).toBe("80,000,000원");
    expect(formatAmount(80_000_000, "en")).toBe("KRW 80,000,000");
  });
  it("prints points and the time left", () => {
    expect(formatPoints(84.5)).toBe("84.5");
    expect(formatPoints(85)).toBe("85");
    expect(formatRemaining(3 * 86400_000 + 4 * 3600_000, "ko")).toBe("3일 4시간");
    expect(formatRemaining(2 * 3600_000 + 5 * 60_000, "en")).toBe("2 h 5 min");
    expect(formatRemaining(86400_000, "en")).toBe("1 day");
    expect(formatRemaining(20_000, "ko")).toBe("1분");
    expect(formatRemaining(0, "ko")).toBeNull();
  });
});
