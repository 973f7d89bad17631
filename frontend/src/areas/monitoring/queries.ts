// Server state of the monitoring page. The status polls every 5 s with its ETag: a 304 keeps the data and only
// moves "as of" forward, so a quiet factory costs the server no body and the page no re-render of its tables.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { NetworkError } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import type { Alarm } from "../../api/types";
import { useProgram } from "../../api/useProgram";
import { confirmed, fromAnswer, POLL_MS, withAlarm, type Live } from "./live";

/** "" is every site the caller may see (a factory user: its own). */
export function useMonitoringStatus(site: string) {
  const api = useProgram();
  const client = useQueryClient();
  const key = keys.monitoringStatus(site);
  return useQuery({
    queryKey: key,
    queryFn: async (): Promise<Live> => {
      const previous = client.getQueryData<Live>(key);
      let answer;
      try {
        answer = await api.GET("/monitoring/status", {
          params: { query: site ? { site } : {} },
          headers: previous?.etag ? { "If-None-Match": previous.etag } : {},
          cache: "no-store",
        });
      } catch (cause) {
        throw new NetworkError(String(cause));
      }
      if (answer.response.status === 304 && previous) return confirmed(previous, Date.now());
      const status = await unwrap(Promise.resolve(answer));
      return fromAnswer(status, answer.response.headers.get("ETag"), Date.now());
    },
    refetchInterval: POLL_MS,
    staleTime: 0,
    // keep showing the last data while a poll fails; the page says how old it is
    placeholderData: (previous) => previous,
  });
}

/** Alarms newest first, cleared ones too (the history under the live list). */
export function useAlarmHistory(site: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.monitoringAlarms(site),
    queryFn: () => unwrap(api.GET("/monitoring/alarms", { params: { query: { state: "all", limit: 20, ...(site ? { site } : {}) } } })),
    refetchInterval: 15_000,
    staleTime: 0,
  });
}

/** Data-quality scorecards (measured once per pipeline run: not live, read once a minute). */
export function useScorecards(site: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.monitoringQuality(site),
    queryFn: () => unwrap(api.GET("/monitoring/quality", { params: { query: { days: 7, ...(site ? { site } : {}) } } })),
    refetchInterval: 60_000,
  });
}

export function useAcknowledge(site: string) {
  const api = useProgram();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (alarm: Alarm) =>
      unwrap(api.POST("/monitoring/alarms/{alarm_id}/acknowledge", { params: { path: { alarm_id: alarm.id } } })),
    onSuccess: (alarm) => {
      client.setQueryData<Live>(keys.monitoringStatus(site), (live) => (live ? withAlarm(live, alarm) : live));
      void client.invalidateQueries({ queryKey: keys.monitoringAlarms(site) });
    },
  });
}
