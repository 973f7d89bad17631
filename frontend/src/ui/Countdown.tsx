import { urgency } from "../domain/deadlines";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "./useFormat";
import { useNow } from "./useNow";

/** A deadline: its date and time (Seoul) and the time left, updated every 30 s; not a live region. */
export function Countdown({ until, label }: { until: number | string; label?: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const now = useNow();
  const deadline = typeof until === "number" ? until : Date.parse(until);
  const left = format.remaining(deadline - now);
  const level = urgency(deadline, now);
  return (
    <span className={`countdown urgency-${level}`}>
      {label && <span className="countdown-label">{label} </span>}
      <time dateTime={new Date(deadline).toISOString()}>{format.dateTime(deadline)}</time>{" "}
      <strong className="countdown-left">{left ? `(${t("deadline.left", { time: left })})` : `(${t("deadline.passed")})`}</strong>
    </span>
  );
}
