// Server state of the dashboards page: the options (sites, lines, sensor series) and each chart, keyed by the
// filters so a changed filter refetches; the CSV export fetched with the session's token and saved as a file.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { ChartName } from "./model";

export interface DashboardFilters {
  from: string;
  to: string;
  site: string;
  line: string;
  asset: string;
  tag: string;
}

function query(filters: DashboardFilters, chart?: ChartName) {
  const base = { from: filters.from, to: filters.to, ...(filters.site ? { site: filters.site } : {}), ...(filters.line ? { line: filters.line } : {}) };
  if (chart !== "sensor_trend") return base;
  return { ...base, ...(filters.asset ? { asset: filters.asset } : {}), ...(filters.tag ? { tag: filters.tag } : {}), points: 500 };
}

export function useDashboardOptions(filters: DashboardFilters) {
  const api = useProgram();
  const { from, to, site } = filters;
  return useQuery({
    queryKey: keys.dashboardOptions(from, to, site),
    queryFn: () => unwrap(api.GET("/dashboards", { params: { query: { from, to, ...(site ? { site } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useChart(chart: ChartName, filters: DashboardFilters) {
  const api = useProgram();
  const params = query(filters, chart);
  return useQuery({
    queryKey: keys.dashboardChart(chart, JSON.stringify(params)),
    queryFn: () => unwrap(api.GET("/dashboards/{chart}", { params: { path: { chart }, query: params } })),
  });
}

export function useCsvDownload() {
  const api = useProgram();
  return async (chart: ChartName, filters: DashboardFilters) => {
    const answer = await api.GET("/dashboards/{chart}", {
      params: { path: { chart }, query: { ...query(filters, chart), format: "csv" } },
      parseAs: "blob",
    });
    if (!answer.response.ok || !(answer.data instanceof Blob)) throw new Error(`CSV ${answer.response.status}`);
    const url = URL.createObjectURL(answer.data);
    const link = document.createElement("a");
    link.href = url;
    link.download = `${chart}-${filters.from}-${filters.to}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
}
