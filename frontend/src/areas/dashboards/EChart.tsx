// One ECharts instance on a canvas, built from echarts/core with only the charts and components the dashboards
// use (bars, lines, grid, tooltip, legend, zoom), in Korean or English. The canvas is a picture: the element is
// role="img" with the chart's summary as its name, and each chart has a table next to it.
import { BarChart, LineChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { init, registerLocale, use, type EChartsType } from "echarts/core";
import langKO from "echarts/lib/i18n/langKO.js";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);
registerLocale("KO", langKO);

export function EChart({ option, lang, label }: { option: Record<string, unknown>; lang: string; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const instance = init(element.current, null, { locale: lang === "ko" ? "KO" : "EN", renderer: "canvas" });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      instance.dispose();
      chart.current = null;
    };
  }, [lang]);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, lang]);
  return <div ref={element} className="dashboard-chart" role="img" aria-label={label} />;
}
