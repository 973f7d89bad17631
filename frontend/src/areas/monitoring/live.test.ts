import { describe, expect, it } from "vitest";
import type { Alarm, MonitoringStatus } from "../../api/types";
import { ageSeconds, confirmed, fromAnswer, isLate, percent, valueText, withAlarm } from "./live";

const alarm: Alarm = {
  id: "a1", site: "demo", rule: "collector.stale", subject: "edge-01", severity: "warning", state: "ACTIVE",
  summary_ko: "신호 없음", summary_en: "no signal", raised_at: "2026-03-02T00:00:00+00:00",
  updated_at: "2026-03-02T00:00:00+00:00", acknowledged_by: null, acknowledged_at: null, cleared_at: null,
};
const status = {
  generated_at: "2026-03-02T00:00:10+00:00", site: "demo", sites: ["demo"],
  counts: { online: 0, stale: 1, offline: 0, active_alarms: 1, acknowledged_alarms: 0 }, alarms: [alarm],
} as unknown as MonitoringStatus;
const at = (iso: string) => Date.parse(iso);

describe("monitoring live state", () => {
  it("dates a new answer by the server and a 304 by the time it came", () => {
    const live = fromAnswer(status, '"e1"', at("2026-03-02T00:00:11+00:00"));
    expect(ageSeconds(live, at("2026-03-02T00:00:14.5+00:00"))).toBe(4);
    const again = confirmed(live, at("2026-03-02T00:00:20+00:00"));
    expect(again.etag).toBe('"e1"');
    expect(ageSeconds(again, at("2026-03-02T00:00:21+00:00"))).toBe(1);
  });
  it("never dates data in the future and says when polls stopped arriving", () => {
    const live = fromAnswer(status, null, at("2026-03-02T00:00:05+00:00")); // the client's clock is behind
    expect(ageSeconds(live, at("2026-03-02T00:00:05+00:00"))).toBe(0);
    expect(isLate(live, at("2026-03-02T00:00:20+00:00"))).toBe(false);
    expect(isLate(live, at("2026-03-02T00:00:21+00:00"))).toBe(true);
  });
  it("shows an acknowledgement at once and recounts", () => {
    const live = withAlarm(fromAnswer(status, null, 0), { ...alarm, state: "ACKNOWLEDGED", acknowledged_by: "kim@demo.kr" });
    expect(live.status.alarms[0]?.acknowledged_by).toBe("kim@demo.kr");
    expect(live.status.counts).toMatchObject({ active_alarms: 0, acknowledged_alarms: 1 });
  });
  it("writes values and shares for people", () => {
    expect(valueText(1234.56789, null, "ko")).toBe("1,234.568");
    expect(valueText(null, "RUN", "en")).toBe("RUN");
    expect(valueText(null, null, "en")).toBe("—");
    expect(percent(0.9876)).toBe("98.8%");
    expect(percent(null)).toBe("—");
  });
});
