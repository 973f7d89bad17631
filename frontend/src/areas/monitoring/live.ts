// The monitoring page's live state, pure (tested with vitest): what a poll of /monitoring/status leaves behind,
// how old the data is, and the colours that repeat what the words say.
import type { Alarm, AlarmState, Collector, MonitoringStatus, PipelineRun } from "../../api/types";
import type { Tone } from "../../ui/StatusBadge";

/** How often the page asks (the API answers 304 while nothing changed). */
export const POLL_MS = 5000;
/** No successful poll for this long: the page says its data may be out of date. */
export const LATE_SECONDS = 15;

export interface Live {
  status: MonitoringStatus;
  etag: string | null;
  /** When the data was current, by the server (epoch ms): generated_at of a new answer, the time of a 304. */
  dataAt: number;
}

/** After a 200: the new answer, current as of its generated_at (never later than when it arrived). */
export function fromAnswer(status: MonitoringStatus, etag: string | null, now: number): Live {
  const generated = Date.parse(status.generated_at);
  return { status, etag, dataAt: Number.isFinite(generated) ? Math.min(generated, now) : now };
}

/** After a 304: the same data, confirmed current now. */
export function confirmed(previous: Live, now: number): Live {
  return { ...previous, dataAt: now };
}

export function ageSeconds(live: Live, now: number): number {
  return Math.max(0, Math.floor((now - live.dataAt) / 1000));
}

export function isLate(live: Live, now: number): boolean {
  return ageSeconds(live, now) > LATE_SECONDS;
}

/** An acknowledged alarm shows as such at once (the next poll brings the same). */
export function withAlarm(live: Live, alarm: Alarm): Live {
  const alarms = live.status.alarms.map((known) => (known.id === alarm.id ? alarm : known));
  const counts = {
    ...live.status.counts,
    active_alarms: alarms.filter((a) => a.state === "ACTIVE").length,
    acknowledged_alarms: alarms.filter((a) => a.state === "ACKNOWLEDGED").length,
  };
  return { ...live, status: { ...live.status, alarms, counts } };
}

export function collectorTone(state: Collector["state"]): Tone {
  return state === "online" ? "success" : state === "stale" ? "warning" : "danger";
}

export function severityTone(severity: Alarm["severity"]): Tone {
  return severity === "critical" ? "danger" : severity === "warning" ? "warning" : "information";
}

export function alarmStateTone(state: AlarmState): Tone {
  return state === "ACTIVE" ? "danger" : state === "ACKNOWLEDGED" ? "warning" : state === "CLEARED" ? "success" : "gray";
}

export function runTone(status: PipelineRun["status"]): Tone {
  return status === "succeeded" ? "success" : status === "failed" ? "danger" : "information";
}

/** A tag's value as people read it: numbers with at most three decimals, else its text. */
export function valueText(value: number | null, text: string | null, lang: "ko" | "en"): string {
  if (value !== null && Number.isFinite(value)) {
    return new Intl.NumberFormat(lang === "ko" ? "ko-KR" : "en-GB", { maximumFractionDigits: 3 }).format(value);
  }
  return text ?? "—";
}

/** A share 0..1 as a percentage with one decimal; "—" when unknown. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? "—" : `${(Math.round(share * 1000) / 10).toString()}%`;
}

const CLOCK = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Seoul", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/** "14:07:05" in Seoul time: for values that change by the second. */
export function clockTime(value: string | number): string {
  return CLOCK.format(new Date(value));
}
