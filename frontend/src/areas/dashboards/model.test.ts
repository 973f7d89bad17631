import { describe, expect, it } from "vitest";
import { chartOption, defectTotals, oeeTotals, percentText, productionTotals, records, type Labels } from "./model";

const labels: Labels = {
  availability: "A",
  effectiveness: "E",
  qualityRate: "Q",
  oee: "OEE",
  actual: "actual",
  defectRate: "rate",
  count: "count",
  cumulative: "cum",
  noShift: "none",
  minutes: "min",
  reason: (reason) => `r:${reason}`,
  noCode: "no code",
};

// The hand-worked KPI plant of tests/integration/kpi_plant.py: shifts A and B of line L1.
const oee = records({
  chart: "oee",
  columns: ["site", "line", "shift", "planned_busy_seconds", "actual_production_seconds", "produced_qty", "good_qty", "scrap_qty", "availability", "effectiveness", "quality_rate", "oee"],
  rows: [
    ["kpi", "L1", "A", 21600, 12000, 210, 105, 105, 12000 / 21600, 0.85, 0.5, (12000 / 21600) * 0.85 * 0.5],
    ["kpi", "L1", "B", 28800, 7200, 240, 120, 120, 0.25, 4800 / 7200, 0.5, 0.25 * (4800 / 7200) * 0.5],
  ],
  filters: { from: "2025-03-03", to: "2025-03-03", site: "kpi", line: null },
});

describe("dashboard totals", () => {
  it("recomputes OEE from the summed times and quantities, not from the rows' ratios", () => {
    // PBT 50400, APT 19200, PRI×PQ 10200 + 4800 = 15000, PQ 450, GQ 225
    const totals = oeeTotals(oee);
    expect(totals.availability).toBeCloseTo(19200 / 50400);
    expect(totals.effectiveness).toBeCloseTo(15000 / 19200);
    expect(totals.qualityRate).toBeCloseTo(0.5);
    expect(totals.oee).toBeCloseTo((19200 / 50400) * (15000 / 19200) * 0.5);
    expect(percentText(totals.oee, "ko")).toBe("14.9%");
  });
  it("has no figure when nothing was planned or produced", () => {
    expect(oeeTotals([])).toEqual({ availability: null, effectiveness: null, qualityRate: null, oee: null });
    expect(percentText(null, "en")).toBe("—");
  });
  it("adds production and defects up", () => {
    expect(productionTotals([{ orders: 2, planned_qty: 500, actual_qty: 450 }, { orders: 1, planned_qty: 10, actual_qty: 10 }])).toEqual({
      orders: 3,
      planned: 510,
      actual: 460,
      achievement: 460 / 510,
    });
    expect(defectTotals([{ inspections: 6, failed: 3 }]).rate).toBe(0.5);
  });
});

describe("chart options", () => {
  it("shows A, E, Q and OEE per line and shift in percent", () => {
    const option = chartOption("oee", oee, labels) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(["L1 · A", "L1 · B"]);
    expect(option.series.map((s) => s.name)).toEqual(["A", "E", "Q", "OEE"]);
    expect(option.series[0]?.data).toEqual([55.6, 25]);
  });
  it("draws a Pareto as bars with the cumulative share on a second axis", () => {
    const rows = [
      { defect_code: "D-1", defects: 2, share: 2 / 3, cumulative_share: 2 / 3 },
      { defect_code: null, defects: 1, share: 1 / 3, cumulative_share: 1 },
    ];
    const option = chartOption("defect_pareto", rows, labels) as { xAxis: { data: string[] }; series: { type: string; yAxisIndex?: number; data: unknown[] }[] };
    expect(option.xAxis.data).toEqual(["D-1", "no code"]);
    expect(option.series[1]).toMatchObject({ type: "line", yAxisIndex: 1, data: [66.7, 100] });
  });
  it("zooms the sensor trend and reads its minutes as UTC", () => {
    const option = chartOption("sensor_trend", [{ minute: "2025-03-03T00:00:00", avg: 20 }], labels) as { dataZoom: unknown[]; series: { data: unknown[] }[] };
    expect(option.dataZoom).toHaveLength(2);
    expect(option.series[0]?.data).toEqual([["2025-03-03T00:00:00Z", 20]]);
  });
  it("stacks production per shift, a missing shift named", () => {
    const rows = [
      { date: "2025-03-03", shift: "A", actual_qty: 450 },
      { date: "2025-03-03", shift: null, actual_qty: 10 },
    ];
    const option = chartOption("production", rows, labels) as { series: { name: string; data: number[] }[] };
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ["A", [450]],
      ["none", [10]],
    ]);
  });
});
