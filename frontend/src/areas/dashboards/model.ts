// Pure helpers of the dashboards page: chart answers as records, totals recomputed from sums (never an average
// of ratios), and the ECharts options of each chart. No React, no ECharts runtime: tested with vitest.
import type { components } from "../../api/schema";

export type ChartAnswer = components["schemas"]["ChartOut"];
export type Cell = string | number | null;
export type Row = Record<string, Cell>;
export const CHARTS = ["oee", "production", "defect_rate", "defect_pareto", "downtime_pareto", "sensor_trend"] as const;
export type ChartName = (typeof CHARTS)[number];

export function records(answer: ChartAnswer): Row[] {
  return answer.rows.map((row) => Object.fromEntries(answer.columns.map((column, i) => [column, row[i] ?? null])));
}

const num = (value: Cell | undefined): number => (typeof value === "number" ? value : 0);
const sum = (rows: Row[], column: string) => rows.reduce((total, row) => total + num(row[column]), 0);
const ratio = (top: number, bottom: number): number | null => (bottom > 0 ? top / bottom : null);

export interface OeeTotals {
  availability: number | null;
  effectiveness: number | null;
  qualityRate: number | null;
  oee: number | null;
}

/** ISO 22400-2 over the selection: A = ΣAPT/ΣPBT, E = Σ(PRI×PQ)/ΣAPT, Q = ΣGQ/ΣPQ, OEE = A × E × Q. */
export function oeeTotals(rows: Row[]): OeeTotals {
  const pbt = sum(rows, "planned_busy_seconds");
  const apt = sum(rows, "actual_production_seconds");
  const put = rows.reduce((total, row) => total + num(row.effectiveness) * num(row.actual_production_seconds), 0);
  const pq = sum(rows, "produced_qty");
  const availability = ratio(apt, pbt);
  const effectiveness = ratio(put, apt);
  const qualityRate = ratio(sum(rows, "good_qty"), pq);
  const oee = availability !== null && effectiveness !== null && qualityRate !== null ? availability * effectiveness * qualityRate : null;
  return { availability, effectiveness, qualityRate, oee };
}

export function productionTotals(rows: Row[]) {
  const planned = sum(rows, "planned_qty");
  const actual = sum(rows, "actual_qty");
  return { orders: sum(rows, "orders"), planned, actual, achievement: ratio(actual, planned) };
}

export function defectTotals(rows: Row[]) {
  const inspections = sum(rows, "inspections");
  const failed = sum(rows, "failed");
  return { inspections, failed, rate: ratio(failed, inspections) };
}

export function percentText(value: number | null, lang: string): string {
  if (value === null) return "—";
  return `${(value * 100).toLocaleString(lang === "ko" ? "ko-KR" : "en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
}

export function numberText(value: Cell, lang: string): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  return value.toLocaleString(lang === "ko" ? "ko-KR" : "en-GB", { maximumFractionDigits: 2 });
}

const pct = (value: Cell) => (typeof value === "number" ? Math.round(value * 1000) / 10 : null);
const axisPercent = { type: "value", axisLabel: { formatter: "{value}%" } } as const;

export interface Labels {
  availability: string;
  effectiveness: string;
  qualityRate: string;
  oee: string;
  actual: string;
  defectRate: string;
  count: string;
  cumulative: string;
  noShift: string;
  minutes: string;
  reason: (reason: string) => string;
  noCode: string;
}

/** ECharts options of one chart (plain objects: the component sets them with echarts/core). */
export function chartOption(chart: ChartName, rows: Row[], labels: Labels): Record<string, unknown> {
  const base = { tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 48, right: 48, top: 40, bottom: 40, containLabel: true } };
  switch (chart) {
    case "oee": {
      const names = rows.map((row) => `${row.line ?? "—"} · ${row.shift ?? "—"}`);
      const series = [
        ["availability", labels.availability],
        ["effectiveness", labels.effectiveness],
        ["quality_rate", labels.qualityRate],
        ["oee", labels.oee],
      ].map(([column, name]) => ({ type: "bar", name, data: rows.map((row) => pct(row[column as string] ?? null)) }));
      return { ...base, xAxis: { type: "category", data: names }, yAxis: { ...axisPercent, max: 100 }, series };
    }
    case "production": {
      const dates = [...new Set(rows.map((row) => String(row.date)))];
      const shifts = [...new Set(rows.map((row) => (row.shift === null ? labels.noShift : String(row.shift))))];
      const series = shifts.map((shift) => ({
        type: "bar",
        stack: "actual",
        name: shift,
        data: dates.map((date) => sum(rows.filter((row) => String(row.date) === date && (row.shift === null ? labels.noShift : String(row.shift)) === shift), "actual_qty")),
      }));
      return { ...base, xAxis: { type: "category", data: dates }, yAxis: { type: "value", name: labels.actual }, series };
    }
    case "defect_rate":
      return {
        ...base,
        xAxis: { type: "category", data: rows.map((row) => String(row.date)) },
        yAxis: axisPercent,
        series: [{ type: "line", name: labels.defectRate, data: rows.map((row) => pct(row.defect_rate ?? null)) }],
      };
    case "defect_pareto":
    case "downtime_pareto": {
      const defects = chart === "defect_pareto";
      const names = rows.map((row) => (defects ? String(row.defect_code ?? labels.noCode) : `${row.asset} · ${labels.reason(String(row.reason))}`));
      const amount = defects ? "defects" : "minutes";
      return {
        ...base,
        xAxis: { type: "category", data: names },
        yAxis: [{ type: "value", name: defects ? labels.count : labels.minutes }, { ...axisPercent, max: 100 }],
        series: [
          { type: "bar", name: defects ? labels.count : labels.minutes, data: rows.map((row) => row[amount]) },
          { type: "line", name: labels.cumulative, yAxisIndex: 1, data: rows.map((row) => pct(row.cumulative_share ?? null)) },
        ],
      };
    }
    case "sensor_trend":
      return {
        ...base,
        xAxis: { type: "time" },
        yAxis: { type: "value", scale: true },
        dataZoom: [{ type: "inside" }, { type: "slider", bottom: 0 }],
        grid: { ...base.grid, bottom: 64 },
        series: [{ type: "line", name: "avg", showSymbol: false, data: rows.map((row) => [`${String(row.minute)}Z`, row.avg]) }],
      };
  }
}
