import { useMemo, type ReactNode } from "react";
import { Route, Routes, useSearchParams } from "react-router-dom";
import { usePageTitle } from "../../app/usePageTitle";
import { useAuth } from "../../auth/AuthProvider";
import { useI18n } from "../../i18n/I18nProvider";
import { NotFoundPage } from "../../pages/StatusPages";
import { Facts } from "../../ui/Facts";
import { LoadError, Loading } from "../../ui/QueryView";
import { key } from "../shared/labels";
import { EChart } from "./EChart";
import "./dashboards.css";
import {
  chartOption,
  CHARTS,
  defectTotals,
  numberText,
  oeeTotals,
  percentText,
  productionTotals,
  records,
  type ChartAnswer,
  type ChartName,
  type Labels,
  type Row,
} from "./model";
import { useChart, useCsvDownload, useDashboardOptions, type DashboardFilters } from "./queries";

const STAFF = ["staff", "admin"];
const RATIOS = new Set(["share", "cumulative_share", "achievement", "defect_rate", "availability", "effectiveness", "quality_rate", "oee"]);

function kstDay(offsetDays: number): string {
  const day = new Date(Date.now() + 9 * 3600_000 + offsetDays * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** The filters live in the address, so a view can be shared and the back button undoes a change. */
function useFilters(): [DashboardFilters, (change: Partial<DashboardFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters: DashboardFilters = {
    from: params.get("from") ?? kstDay(-6),
    to: params.get("to") ?? kstDay(0),
    site: params.get("site") ?? "",
    line: params.get("line") ?? "",
    asset: params.get("asset") ?? "",
    tag: params.get("tag") ?? "",
  };
  const change = (next: Partial<DashboardFilters>) => {
    const merged = { ...filters, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== "")), { replace: true });
  };
  return [filters, change];
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="form-group">
      <div className="form-tit">
        <label htmlFor={id}>{label}</label>
      </div>
      <div className="form-conts">{children}</div>
    </div>
  );
}

function Filters({ filters, change }: { filters: DashboardFilters; change: (next: Partial<DashboardFilters>) => void }) {
  const { t } = useI18n();
  const { session } = useAuth();
  const staff = session?.user.roles.some((role) => STAFF.includes(role)) ?? false;
  const options = useDashboardOptions(filters);
  const sites = options.data?.sites ?? [];
  const lines = options.data?.lines ?? [];
  const series = options.data?.series ?? [];
  const seriesValue = filters.asset && filters.tag ? `${filters.asset}\u0000${filters.tag}` : "";
  return (
    <form className="dashboard-filters" aria-label={t("dash.filters")} onSubmit={(event) => event.preventDefault()}>
      <Field id="dash-from" label={t("dash.from")}>
        <input id="dash-from" type="date" className="krds-input" value={filters.from} max={filters.to} onChange={(e) => e.target.value && change({ from: e.target.value })} />
      </Field>
      <Field id="dash-to" label={t("dash.to")}>
        <input id="dash-to" type="date" className="krds-input" value={filters.to} min={filters.from} onChange={(e) => e.target.value && change({ to: e.target.value })} />
      </Field>
      {staff ? (
        <Field id="dash-site" label={t("dash.site")}>
          <select id="dash-site" className="krds-form-select" value={filters.site} onChange={(e) => change({ site: e.target.value, line: "", asset: "", tag: "" })}>
            <option value="">{t("dash.allSites")}</option>
            {[...new Set([...sites, ...(filters.site ? [filters.site] : [])])].map((site) => (
              <option key={site} value={site}>
                {site}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <p className="monitoring-site">{t("dash.siteOnly", { site: session?.user.site ?? "" })}</p>
      )}
      <Field id="dash-line" label={t("dash.line")}>
        <select id="dash-line" className="krds-form-select" value={filters.line} onChange={(e) => change({ line: e.target.value })}>
          <option value="">{t("dash.allLines")}</option>
          {[...new Set([...lines, ...(filters.line ? [filters.line] : [])])].map((line) => (
            <option key={line} value={line}>
              {line}
            </option>
          ))}
        </select>
      </Field>
      <Field id="dash-series" label={t("dash.series")}>
        <select
          id="dash-series"
          className="krds-form-select"
          value={seriesValue}
          onChange={(e) => {
            const [asset = "", tag = ""] = e.target.value.split("\u0000");
            change({ asset, tag });
          }}
        >
          <option value="">—</option>
          {series.map((s) => (
            <option key={`${s.asset}/${s.tag}`} value={`${s.asset}\u0000${s.tag}`}>
              {s.asset} · {s.tag}
            </option>
          ))}
        </select>
      </Field>
    </form>
  );
}

function useLabels(): Labels {
  const { t } = useI18n();
  return {
    availability: t("dash.kpi.availability"),
    effectiveness: t("dash.kpi.effectiveness"),
    qualityRate: t("dash.kpi.qualityRate"),
    oee: t("dash.kpi.oee"),
    actual: t("dash.kpi.actual"),
    defectRate: t("dash.kpi.defectRate"),
    count: t("dash.kpi.count"),
    cumulative: t("dash.kpi.cumulative"),
    noShift: t("dash.noShift"),
    minutes: t("dash.kpi.minutes"),
    reason: (reason) => t(key(`dash.reason.${reason}`)),
    noCode: t("dash.noCode"),
  };
}

function cellText(column: string, value: Row[string], lang: string, t: (k: ReturnType<typeof key>) => string): string {
  if (RATIOS.has(column)) return percentText(typeof value === "number" ? value : null, lang);
  if (column === "reason" && typeof value === "string") return t(key(`dash.reason.${value}`));
  return numberText(value ?? null, lang);
}

function ChartTable({ answer, caption }: { answer: ChartAnswer; caption: string }) {
  const { t, lang } = useI18n();
  const rows = records(answer);
  return (
    <details className="dashboard-table">
      <summary>{t("dash.table")}</summary>
      <table className="krds-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {answer.columns.map((column) => (
              <th key={column} scope="col">
                {t(key(`dash.col.${column}`))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {answer.columns.map((column) => (
                <td key={column}>{cellText(column, row[column] ?? null, lang, t)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function useSummary(chart: ChartName, answer: ChartAnswer): { text: string; facts: [string, string][] } {
  const { t, lang } = useI18n();
  const rows = records(answer);
  const pct = (value: number | null) => percentText(value, lang);
  const n = (value: number) => numberText(value, lang);
  if (rows.length === 0) return { text: t("dash.summary.empty"), facts: [] };
  switch (chart) {
    case "oee": {
      const total = oeeTotals(rows);
      return {
        text: t("dash.summary.oee", { oee: pct(total.oee), availability: pct(total.availability), effectiveness: pct(total.effectiveness), quality: pct(total.qualityRate) }),
        facts: [
          [t("dash.kpi.oee"), pct(total.oee)],
          [t("dash.kpi.availability"), pct(total.availability)],
          [t("dash.kpi.effectiveness"), pct(total.effectiveness)],
          [t("dash.kpi.qualityRate"), pct(total.qualityRate)],
        ],
      };
    }
    case "production": {
      const total = productionTotals(rows);
      return {
        text: t("dash.summary.production", { orders: n(total.orders), planned: n(total.planned), actual: n(total.actual), achievement: pct(total.achievement) }),
        facts: [
          [t("dash.kpi.actual"), n(total.actual)],
          [t("dash.kpi.planned"), n(total.planned)],
          [t("dash.kpi.achievement"), pct(total.achievement)],
        ],
      };
    }
    case "defect_rate": {
      const total = defectTotals(rows);
      return {
        text: t("dash.summary.defect_rate", { inspections: n(total.inspections), failed: n(total.failed), rate: pct(total.rate) }),
        facts: [[t("dash.kpi.defectRate"), pct(total.rate)]],
      };
    }
    case "defect_pareto":
    case "downtime_pareto": {
      const top = rows[0] ?? {};
      const name = chart === "defect_pareto" ? String(top.defect_code ?? t("dash.noCode")) : `${top.asset} · ${t(key(`dash.reason.${top.reason}`))}`;
      const amount = chart === "defect_pareto" ? top.defects : top.minutes;
      return { text: t("dash.summary.pareto", { top: name, amount: numberText(amount ?? null, lang), share: pct(typeof top.cumulative_share === "number" ? top.cumulative_share : null) }), facts: [] };
    }
    case "sensor_trend":
      return {
        text: t("dash.summary.trend", { asset: answer.filters.asset ?? "", tag: answer.filters.tag ?? "", points: rows.length, total: answer.total_points ?? rows.length }),
        facts: [],
      };
  }
}

function ChartBody({ chart, answer, title }: { chart: ChartName; answer: ChartAnswer; title: string }) {
  const { t, lang } = useI18n();
  const labels = useLabels();
  const summary = useSummary(chart, answer);
  const option = useMemo(() => chartOption(chart, records(answer), labels), [chart, answer, lang]); // labels follow lang
  if (answer.rows.length === 0) return <p className="empty-state">{t("dash.noData")}</p>;
  return (
    <>
      {summary.facts.length > 0 && <Facts className="dashboard-kpis" items={summary.facts} />}
      <p className="dashboard-summary">{summary.text}</p>
      <EChart option={option} lang={lang} label={`${title}: ${summary.text}`} />
      <ChartTable answer={answer} caption={title} />
    </>
  );
}

function ChartCard({ chart, filters }: { chart: ChartName; filters: DashboardFilters }) {
  const { t } = useI18n();
  const answer = useChart(chart, filters);
  const download = useCsvDownload();
  const title = t(key(`dash.chart.${chart}`));
  const headingId = `dash-${chart}`;
  return (
    <section className="dashboard-card" aria-labelledby={headingId} data-chart={chart}>
      <div className="dashboard-card-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="krds-btn small secondary" aria-label={t("dash.csvLabel", { chart: title })} onClick={() => void download(chart, filters)}>
          {t("dash.csv")}
        </button>
      </div>
      {chart === "oee" && <p className="dashboard-formula">{t("dash.oee.formula")}</p>}
      {answer.data ? (
        <ChartBody chart={chart} answer={answer.data} title={title} />
      ) : answer.isError ? (
        <LoadError error={answer.error} onRetry={() => void answer.refetch()} />
      ) : (
        <Loading />
      )}
    </section>
  );
}

function DashboardsPage() {
  const { t } = useI18n();
  const title = usePageTitle("area.dashboards");
  const [filters, change] = useFilters();
  return (
    <section className="area-page dashboards">
      <h1>{title}</h1>
      <p className="lead">{t("dash.lead")}</p>
      <Filters filters={filters} change={change} />
      {CHARTS.map((chart) => (
        <ChartCard key={chart} chart={chart} filters={filters} />
      ))}
    </section>
  );
}

/** /dashboards: KPI charts over the curated data (a factory user: its own site). */
export default function DashboardsArea() {
  return (
    <Routes>
      <Route index element={<DashboardsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
