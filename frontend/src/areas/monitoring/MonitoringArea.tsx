import type { ColumnDef } from "@tanstack/react-table";
import { Route, Routes, useSearchParams } from "react-router-dom";
import type { Alarm, Collector, DatasetHealth, PipelineRun, Scorecard, TagValue } from "../../api/types";
import { usePageTitle } from "../../app/usePageTitle";
import { useAuth } from "../../auth/AuthProvider";
import { FormError } from "../../forms/FormError";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { NotFoundPage } from "../../pages/StatusPages";
import { DataTable } from "../../ui/DataTable";
import { Facts } from "../../ui/Facts";
import { LoadError, Loading, QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { useNow } from "../../ui/useNow";
import { key } from "../shared/labels";
import {
  ageSeconds,
  alarmStateTone,
  clockTime,
  collectorTone,
  isLate,
  percent,
  runTone,
  severityTone,
  valueText,
  type Live,
} from "./live";
import { useAcknowledge, useAlarmHistory, useMonitoringStatus, useScorecards } from "./queries";

const STAFF = ["staff", "admin"];

/** Which site the page shows: staff choose (none: every site), a factory user always sees its own. */
function useSite(): { site: string; choose: ((site: string) => void) | null } {
  const { session } = useAuth();
  const [params, setParams] = useSearchParams();
  const staff = session?.user.roles.some((role) => STAFF.includes(role)) ?? false;
  if (!staff) return { site: "", choose: null };
  return { site: params.get("site") ?? "", choose: (site) => setParams(site ? { site } : {}, { replace: true }) };
}

function SitePicker({ sites, site, choose }: { sites: string[]; site: string; choose: ((site: string) => void) | null }) {
  const { t } = useI18n();
  const { session } = useAuth();
  if (!choose) return <p className="monitoring-site">{t("mon.siteOnly", { site: session?.user.site ?? "" })}</p>;
  const options = site && !sites.includes(site) ? [...sites, site] : sites;
  return (
    <div className="form-group monitoring-site-picker">
      <div className="form-tit">
        <label htmlFor="monitoring-site">{t("mon.site")}</label>
      </div>
      <div className="form-conts">
        <select id="monitoring-site" className="krds-form-select" value={site} onChange={(event) => choose(event.target.value)}>
          <option value="">{t("mon.allSites")}</option>
          {options.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function Freshness({ live, failed }: { live: Live; failed: boolean }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const seconds = ageSeconds(live, now);
  return (
    <>
      <p className="monitoring-freshness">{t("mon.asOf", { seconds, time: clockTime(live.dataAt) })}</p>
      {(failed || isLate(live, now)) && (
        <Notice tone="warning">
          <p>{t("mon.late", { seconds })}</p>
        </Notice>
      )}
    </>
  );
}

function Alarms({ live, site }: { live: Live; site: string }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const acknowledge = useAcknowledge(site);
  const summary = (alarm: Alarm) => (lang === "ko" ? alarm.summary_ko : alarm.summary_en);
  const columns: ColumnDef<Alarm>[] = [
    {
      id: "severity",
      header: t("mon.alarm.severity"),
      accessorFn: (a) => t(key(`mon.severity.${a.severity}`)),
      cell: ({ row }) => <StatusBadge tone={severityTone(row.original.severity)}>{t(key(`mon.severity.${row.original.severity}`))}</StatusBadge>,
    },
    {
      id: "state",
      header: t("ui.status"),
      accessorFn: (a) => t(key(`mon.state.${a.state}`)),
      cell: ({ row }) => <StatusBadge tone={alarmStateTone(row.original.state)}>{t(key(`mon.state.${row.original.state}`))}</StatusBadge>,
    },
    { id: "summary", header: t("mon.alarm.summary"), accessorFn: summary },
    { id: "subject", header: t("mon.alarm.target"), accessorFn: (a) => `${a.site} · ${a.subject}` },
    { id: "raised", header: t("mon.alarm.raised"), accessorFn: (a) => a.raised_at, cell: ({ row }) => format.dateTime(row.original.raised_at) },
    {
      id: "ack",
      header: t("mon.alarm.ack"),
      accessorFn: (a) => a.acknowledged_by ?? "",
      cell: ({ row }) => {
        const alarm = row.original;
        if (alarm.acknowledged_by && alarm.acknowledged_at) {
          return t("mon.alarm.ackBy", { who: alarm.acknowledged_by, time: format.dateTime(alarm.acknowledged_at) });
        }
        return (
          <button
            type="button"
            className="krds-btn small secondary"
            aria-label={t("mon.alarm.acknowledgeLabel", { summary: summary(alarm) })}
            disabled={acknowledge.isPending}
            onClick={() => acknowledge.mutate(alarm)}
          >
            {t("mon.alarm.acknowledge")}
          </button>
        );
      },
    },
  ];
  const active = live.status.counts.active_alarms;
  return (
    <section aria-labelledby="mon-alarms">
      <h2 id="mon-alarms">{t("mon.alarms")}</h2>
      {/* new alarms are what people act on: said once when their number changes */}
      <p className="sr-only" role="status">
        {active > 0 ? t("mon.alarms.announce", { count: active }) : ""}
      </p>
      {acknowledge.isSuccess && (
        <Notice tone="success" live="status">
          <p>{t("mon.alarm.acknowledged")}</p>
        </Notice>
      )}
      <FormError error={acknowledge.error} />
      <DataTable data={live.status.alarms} columns={columns} caption={t("mon.alarms")} captionHidden filter={false} getRowId={(a) => a.id} empty={t("mon.alarms.none")} />
    </section>
  );
}

function sourceState(t: ReturnType<typeof useI18n>["t"], state: string): string {
  return ["connected", "connecting", "disconnected", "starting", "stopped"].includes(state) ? t(key(`mon.source.${state}`)) : t("mon.source.unknown");
}

function Collectors({ live }: { live: Live }) {
  const { t } = useI18n();
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const stateText = (c: Collector) => t(key(`mon.collector.state.${c.state}`)) + (c.reason ? ` (${t(key(`mon.collector.reason.${c.reason}`))})` : "");
  const columns: ColumnDef<Collector>[] = [
    { id: "device", header: t("mon.collector"), accessorFn: (c) => `${c.site} · ${c.device}` },
    { id: "state", header: t("ui.status"), accessorFn: stateText, cell: ({ row }) => <StatusBadge tone={collectorTone(row.original.state)}>{stateText(row.original)}</StatusBadge> },
    { id: "heartbeat", header: t("mon.collector.heartbeat"), accessorFn: (c) => (c.heartbeat_at ? clockTime(c.heartbeat_at) : t("ui.none")) },
    {
      id: "spool",
      header: t("mon.collector.spool"),
      accessorFn: (c) => t("mon.collector.spoolValue", { readings: c.spool.readings, used: mb(c.spool.bytes), max: mb(c.spool.max_bytes) }),
    },
    { id: "refused", header: t("mon.collector.refused"), accessorFn: (c) => c.refused },
    {
      id: "sources",
      header: t("mon.collector.sources"),
      accessorFn: (c) => c.sources.map((s) => t("mon.collector.source", { name: s.name, state: sourceState(t, s.state), rate: s.rate_per_s })).join("; "),
      cell: ({ row }) => (
        <ul className="plain-list">
          {row.original.sources.map((s) => (
            <li key={s.name}>{t("mon.collector.source", { name: s.name, state: sourceState(t, s.state), rate: s.rate_per_s })}</li>
          ))}
        </ul>
      ),
    },
    {
      id: "error",
      header: t("mon.collector.lastError"),
      accessorFn: (c) => c.sources.find((s) => s.disconnected && s.last_error)?.last_error ?? c.uploader.last_error ?? c.config_error ?? t("ui.none"),
    },
  ];
  return (
    <section aria-labelledby="mon-collectors">
      <h2 id="mon-collectors">{t("mon.collectors")}</h2>
      <DataTable data={live.status.collectors} columns={columns} caption={t("mon.collectors")} captionHidden getRowId={(c) => `${c.site}/${c.device}`} empty={t("mon.collectors.none")} />
    </section>
  );
}

function Tags({ live }: { live: Live }) {
  const { t, lang } = useI18n();
  const flags = (tag: TagValue) => [tag.stale ? t("mon.tag.stale") : null, tag.stuck ? t("mon.tag.stuck") : null].filter(Boolean).join(", ") || t("mon.tag.ok");
  const columns: ColumnDef<TagValue>[] = [
    { id: "asset", header: t("mon.tag.asset"), accessorFn: (g) => g.asset },
    { id: "tag", header: t("mon.tag.tag"), accessorFn: (g) => g.tag },
    { id: "value", header: t("mon.tag.value"), accessorFn: (g) => valueText(g.value, g.text, lang), cell: ({ getValue }) => <span className="tag-value">{String(getValue())}</span> },
    { id: "quality", header: t("mon.tag.quality"), accessorFn: (g) => g.quality },
    { id: "time", header: t("mon.tag.time"), accessorFn: (g) => clockTime(g.ts) },
    {
      id: "flags",
      header: t("mon.tag.flags"),
      accessorFn: flags,
      cell: ({ row }) => <StatusBadge tone={row.original.stale || row.original.stuck ? "warning" : "success"}>{flags(row.original)}</StatusBadge>,
    },
  ];
  const { tags, tags_total: total } = live.status;
  return (
    <section aria-labelledby="mon-tags">
      <h2 id="mon-tags">{t("mon.tags")}</h2>
      {total > tags.length && <p>{t("mon.tags.more", { shown: tags.length, total })}</p>}
      <DataTable data={tags} columns={columns} caption={t("mon.tags")} captionHidden pageSize={20} getRowId={(g) => `${g.site}/${g.device}/${g.asset}/${g.tag}`} empty={t("mon.tags.none")} />
    </section>
  );
}

function Runs({ live }: { live: Live }) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = (n: number | null) => (n === null ? "—" : String(n));
  const columns: ColumnDef<PipelineRun>[] = [
    { id: "dataset", header: t("mon.run.dataset"), accessorFn: (r) => `${r.dataset} · ${r.site}` },
    {
      id: "status",
      header: t("mon.run.status"),
      accessorFn: (r) => t(key(`mon.run.status.${r.status}`)),
      cell: ({ row }) => <StatusBadge tone={runTone(row.original.status)}>{t(key(`mon.run.status.${row.original.status}`))}</StatusBadge>,
    },
    { id: "rows", header: t("mon.run.rows"), accessorFn: (r) => `${dash(r.rows_in)} / ${dash(r.rows_out)} / ${dash(r.quarantined)}` },
    { id: "duration", header: t("mon.run.duration"), accessorFn: (r) => (r.duration_s === null ? "—" : t("mon.run.durationValue", { seconds: r.duration_s })) },
    { id: "started", header: t("mon.run.started"), accessorFn: (r) => r.started_at ?? "", cell: ({ row }) => (row.original.started_at ? format.dateTime(row.original.started_at) : "—") },
  ];
  return (
    <section aria-labelledby="mon-runs">
      <h2 id="mon-runs">{t("mon.runs")}</h2>
      <DataTable data={live.status.runs} columns={columns} caption={t("mon.runs")} captionHidden filter={false} getRowId={(r) => r.run_id} empty={t("mon.runs.none")} />
    </section>
  );
}

function Datasets({ live }: { live: Live }) {
  const { t } = useI18n();
  const format = useFormat();
  const reasons = (d: DatasetHealth) =>
    Object.entries(d.quarantined_by_reason)
      .map(([reason, count]) => t("mon.dataset.reason", { reason, count }))
      .join(", ") || t("ui.none");
  const columns: ColumnDef<DatasetHealth>[] = [
    { id: "dataset", header: t("mon.run.dataset"), accessorFn: (d) => `${d.dataset} · ${d.site}` },
    {
      id: "last",
      header: t("mon.run.status"),
      accessorFn: (d) => (d.last_status ? t(key(`mon.run.status.${d.last_status}`)) : "—"),
    },
    { id: "success", header: t("mon.dataset.lastSuccess"), accessorFn: (d) => (d.last_success_at ? format.dateTime(d.last_success_at) : t("mon.dataset.never")) },
    { id: "reasons", header: t("mon.dataset.reasons"), accessorFn: reasons },
  ];
  return (
    <section aria-labelledby="mon-datasets">
      <h2 id="mon-datasets">{t("mon.datasets")}</h2>
      <DataTable data={live.status.datasets} columns={columns} caption={t("mon.datasets")} captionHidden filter={false} getRowId={(d) => `${d.dataset}/${d.site}`} empty={t("mon.datasets.none")} />
    </section>
  );
}

function History({ site }: { site: string }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const history = useAlarmHistory(site);
  const columns: ColumnDef<Alarm>[] = [
    { id: "raised", header: t("mon.alarm.raised"), accessorFn: (a) => a.raised_at, cell: ({ row }) => format.dateTime(row.original.raised_at) },
    { id: "summary", header: t("mon.alarm.summary"), accessorFn: (a) => (lang === "ko" ? a.summary_ko : a.summary_en) },
    { id: "state", header: t("ui.status"), accessorFn: (a) => t(key(`mon.state.${a.state}`)) },
    { id: "ack", header: t("mon.alarm.ack"), accessorFn: (a) => (a.acknowledged_by && a.acknowledged_at ? t("mon.alarm.ackBy", { who: a.acknowledged_by, time: format.dateTime(a.acknowledged_at) }) : t("mon.alarm.notAcknowledged")) },
    { id: "cleared", header: t("mon.alarm.cleared"), accessorFn: (a) => (a.cleared_at ? format.dateTime(a.cleared_at) : "—") },
  ];
  return (
    <section aria-labelledby="mon-history">
      <h2 id="mon-history">{t("mon.history")}</h2>
      <QueryView query={history}>
        {(data) => <DataTable data={data.items} columns={columns} caption={t("mon.history")} captionHidden getRowId={(a) => a.id} empty={t("mon.history.none")} />}
      </QueryView>
    </section>
  );
}

function Quality({ site }: { site: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const cards = useScorecards(site);
  const columns: ColumnDef<Scorecard>[] = [
    { id: "dataset", header: t("mon.run.dataset"), accessorFn: (s) => `${s.dataset} · ${s.site}` },
    { id: "date", header: t("mon.quality.date"), accessorFn: (s) => s.date, cell: ({ row }) => (/^\d{4}-\d{2}-\d{2}$/.test(row.original.date) ? format.day(row.original.date) : row.original.date) },
    { id: "completeness", header: t("mon.quality.completeness"), accessorFn: (s) => percent(s.completeness) },
    { id: "validity", header: t("mon.quality.validity"), accessorFn: (s) => percent(s.validity) },
    { id: "timeliness", header: t("mon.quality.timeliness"), accessorFn: (s) => percent(s.timeliness) },
    { id: "duplicates", header: t("mon.quality.duplicates"), accessorFn: (s) => percent(s.duplicate_share) },
  ];
  return (
    <section aria-labelledby="mon-quality">
      <h2 id="mon-quality">{t("mon.quality")}</h2>
      <p>{t("mon.quality.lead")}</p>
      <QueryView query={cards}>
        {(data) => <DataTable data={data.items} columns={columns} caption={t("mon.quality")} captionHidden getRowId={(s) => `${s.dataset}/${s.site}/${s.date}`} empty={t("mon.quality.none")} />}
      </QueryView>
    </section>
  );
}

function Board({ live, site, failed }: { live: Live; site: string; failed: boolean }) {
  const { t } = useI18n();
  const { counts } = live.status;
  return (
    <>
      <Freshness live={live} failed={failed} />
      <Facts
        className="monitoring-counts"
        items={[
          [t("mon.count.online"), counts.online],
          [t("mon.count.stale"), counts.stale],
          [t("mon.count.offline"), counts.offline],
          [t("mon.count.active"), counts.active_alarms],
          [t("mon.count.acknowledged"), counts.acknowledged_alarms],
        ]}
      />
      <Alarms live={live} site={site} />
      <Collectors live={live} />
      <Tags live={live} />
      <Runs live={live} />
      <Datasets live={live} />
    </>
  );
}

function MonitoringPage() {
  const { t } = useI18n();
  const title = usePageTitle("area.monitoring");
  const { site, choose } = useSite();
  const status = useMonitoringStatus(site);
  return (
    <section className="area-page monitoring">
      <h1>{title}</h1>
      <p className="lead">{t("mon.lead")}</p>
      <SitePicker sites={status.data?.status.sites ?? []} site={site} choose={choose} />
      {status.data ? (
        <Board live={status.data} site={site} failed={status.isError} />
      ) : status.isError ? (
        <LoadError error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <Loading />
      )}
      <History site={site} />
      <Quality site={site} />
    </section>
  );
}

/** /monitoring: the live state of collection and processing (a factory user: its own site). */
export default function MonitoringArea() {
  return (
    <Routes>
      <Route index element={<MonitoringPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
