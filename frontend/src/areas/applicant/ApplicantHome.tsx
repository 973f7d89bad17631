import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Application, Call } from "../../api/types";
import { usePageTitle } from "../../app/usePageTitle";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { TextInput } from "../../forms/fields";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { Empty, QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { useNow } from "../../ui/useNow";
import { appStatusKey, appTone, key } from "../shared/labels";
import { CallRules } from "./CallRules";
import { useCalls, useMyApplications } from "./queries";

function callTitle(call: Call | undefined, lang: string): string {
  if (!call) return "";
  return lang === "en" && call.title_en ? call.title_en : call.title_ko;
}

function OpenCalls({ calls, mine }: { calls: Call[]; mine: Application[] }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const open = calls.filter((call) => call.status === "open" && Date.parse(call.closes_at) > now);
  if (!open.length) return <Empty>{t("applicant.noOpenCalls")}</Empty>;
  return (
    <ul className="call-list">
      {open.map((call) => {
        const existing = mine.find((app) => app.call_id === call.id && app.status !== "withdrawn");
        return (
          <li key={call.id}>
            <article className="call-card" aria-labelledby={`call-${call.id}`}>
              <h3 id={`call-${call.id}`}>{callTitle(call, lang)}</h3>
              <CallRules call={call} />
              <div className="btn-wrap">
                {existing ? (
                  <Link className="krds-btn primary" to={`/applications/${existing.id}`}>
                    {t("applicant.openMine")}
                    <span className="sr-only"> — {callTitle(call, lang)}</span>
                  </Link>
                ) : (
                  <Link className="krds-btn primary" to={`/applications/new/${call.id}`}>
                    {t("applicant.apply")}
                    <span className="sr-only"> — {callTitle(call, lang)}</span>
                  </Link>
                )}
              </div>
            </article>
          </li>
        );
      })}
    </ul>
  );
}

function MyApplications({ apps, calls }: { apps: Application[]; calls: Call[] }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const byId = new Map(calls.map((call) => [call.id, call]));
  const columns: ColumnDef<Application>[] = [
    {
      id: "title",
      header: t("summary.title"),
      accessorFn: (app) => app.title || t("applicant.untitled"),
      cell: ({ row }) => <Link to={`/applications/${row.original.id}`}>{row.original.title || t("applicant.untitled")}</Link>,
    },
    { id: "call", header: t("applicant.call"), accessorFn: (app) => callTitle(byId.get(app.call_id), lang) || app.call_id },
    { id: "kind", header: t("summary.kind"), accessorFn: (app) => t(key(`appKindShort.${app.kind}`)) },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (app) => t(appStatusKey(app.status)),
      cell: ({ row }) => <StatusBadge tone={appTone(row.original.status)}>{t(appStatusKey(row.original.status))}</StatusBadge>,
    },
    {
      id: "submitted",
      header: t("summary.submittedAt"),
      accessorFn: (app) => app.submitted_at ?? "",
      cell: ({ row }) => (row.original.submitted_at ? format.dateTime(row.original.submitted_at) : t("ui.none")),
    },
  ];
  return (
    <DataTable
      data={apps}
      columns={columns}
      caption={t("applicant.myApplications")}
      captionHidden
      getRowId={(app) => app.id}
      empty={t("applicant.noApplications")}
    />
  );
}

/** An invited person opens the application it was given the number (or link) of. */
function OpenInvitation() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [number, setNumber] = useState("");
  const [error, setError] = useState<string | undefined>();
  return (
    <ImeSafeForm
      className="inline-form"
      onValidSubmit={() => {
        const id = number.trim();
        if (!/^app-[\w-]+$/.test(id)) {
          setError("applicant.invitationNumberInvalid");
          return;
        }
        navigate(`/applications/${id}`);
      }}
    >
      <TextInput
        id="invitation-number"
        label={t("applicant.invitationNumber")}
        hint={t("applicant.invitationHint")}
        value={number}
        error={error}
        onChange={(event) => {
          setNumber(event.target.value);
          setError(undefined);
        }}
        autoComplete="off"
      />
      <button type="submit" className="krds-btn secondary">
        {t("applicant.openInvitation")}
      </button>
    </ImeSafeForm>
  );
}

export function ApplicantHome() {
  const { t } = useI18n();
  const title = usePageTitle("area.applications");
  const calls = useCalls();
  const mine = useMyApplications();
  return (
    <section className="area-page">
      <h1>{title}</h1>
      <p className="lead">{t("applicant.lead")}</p>
      <h2>{t("applicant.openCalls")}</h2>
      <QueryView query={calls}>
        {(data) => <OpenCalls calls={data.items} mine={mine.data?.items ?? []} />}
      </QueryView>
      <h2>{t("applicant.myApplications")}</h2>
      <QueryView query={mine}>{(data) => <MyApplications apps={data.items} calls={calls.data?.items ?? []} />}</QueryView>
      <h2>{t("applicant.invitation")}</h2>
      <OpenInvitation />
    </section>
  );
}
