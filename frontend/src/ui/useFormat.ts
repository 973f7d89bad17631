import { useMemo } from "react";
import {
  formatAmount,
  formatDate,
  formatDateTimeIn,
  formatDay,
  formatPoints,
  formatRemaining,
} from "../format/format";
import { useI18n } from "../i18n/I18nProvider";

/** The formatters bound to the reader's language (dates always in Asia/Seoul). */
export function useFormat() {
  const { lang } = useI18n();
  return useMemo(
    () => ({
      date: (value: string | number | Date) => formatDate(value, lang),
      dateTime: (value: string | number | Date) => formatDateTimeIn(value, lang),
      day: (day: string) => formatDay(day, lang),
      amount: (won: number) => formatAmount(won, lang),
      points: formatPoints,
      remaining: (ms: number) => formatRemaining(ms, lang),
    }),
    [lang],
  );
}
