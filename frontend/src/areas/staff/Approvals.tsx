import type { ColumnDef, SortingFn } from "@tanstack/react-table";
import { Link, useParams } from "react-router-dom";
import type { Approval } from "../../api/types";
import { useDocumentTitle, usePageTitle } from "../../app/usePageTitle";
import { useI18n } from "../../i18n/I18nProvider";
import { Countdown } from "../../ui/Countdown";
import { DataTable } from "../../ui/DataTable";
import { Facts } from "../../ui/Facts";
import { LoadError, Loading, QueryView } from "../../ui/QueryView";
import { useFormat } from "../../ui/useFormat";
import { useCalls } from "../applicant/queries";
import { approvalKey } from "../shared/labels";
import { DecisionPanel } from "./Decision";
import { useApplicationsOfCalls, useApproval, useApprovals, useProjects } from "./queries";
import { StaffNav } from "./StaffNav";
import { directory, type Directory } from "./subjects";

/** Every subject an approval or entry may name, in people's words (calls, companies, projects). */
export function useDirectory(): Directory {
  const { lang } = useI18n();
  const calls = useCalls();
  const projects = useProjects();
  const ids = (calls.data?.items ?? []).map((call) => call.id);
  const apps = useApplicationsOfCalls(ids);
  return directory(calls.data?.items ?? [], apps.flatMap((query) => query.data?.items ?? []), projects.data?.items ?? [], lang);
}

export function subjectText(approval: Approval, names: Directory): string {
  const { subject } = approval;
  if (subject.project) return names.project(subject.project);
  if (subject.application) return names.application(subject.application);
  if (subject.clawback) return subject.clawback;
  if (subject.call) return names.call(subject.call);
  return Object.values(subject).join(", ");
}

// most urgent first: the earliest deadline, approvals without one last
const byDeadline: SortingFn<Approval> = (a, b) =>
  (a.original.deadline ? Date.parse(a.original.deadline) : Infinity) - (b.original.deadline ? Date.parse(b.original.deadline) : Infinity);

export function ApprovalsTable({ approvals, limit }: { approvals: Approval[]; limit?: number }) {
  const { t } = useI18n();
  const format = useFormat();
  const names = useDirectory();
  const columns: ColumnDef<Approval>[] = [
    {
      id: "kind",
      header: t("approvals.kind"),
      accessorFn: (approval) => t(approvalKey(approval.kind)),
      cell: ({ row }) => <Link to={`/programs/approvals/${row.original.id}`}>{t(approvalKey(row.original.kind))}</Link>,
    },
    { id: "subject", header: t("approvals.subject"), accessorFn: (approval) => subjectText(approval, names) },
    {
      id: "deadline",
      header: t("approvals.deadline"),
      accessorFn: (approval) => approval.deadline ?? "",
      sortingFn: byDeadline,
      cell: ({ row }) => (row.original.deadline ? <Countdown until={row.original.deadline} /> : t("approvals.noDeadline")),
    },
    {
      id: "opened",
      header: t("approvals.opened"),
      accessorFn: (approval) => approval.opened_at ?? "",
      cell: ({ row }) => (row.original.opened_at ? format.dateTime(row.original.opened_at) : ""),
    },
  ];
  return (
    <DataTable
      data={approvals}
      columns={columns}
      caption={t("approvals.caption")}
      pageSize={limit ?? 20}
      initialSorting={[{ id: "deadline", desc: false }]}
      getRowId={(approval) => approval.id}
      empty={t("approvals.empty")}
    />
  );
}

export function ApprovalsPage() {
  const { t } = useI18n();
  const title = usePageTitle("approvals.title");
  const approvals = useApprovals();
  return (
    <section className="area-page">
      <StaffNav />
      <h1>{title}</h1>
      <p className="lead">{t("approvals.lead")}</p>
      <QueryView query={approvals}>{(data) => <ApprovalsTable approvals={data.items} />}</QueryView>
    </section>
  );
}

function SubjectLinks({ approval }: { approval: Approval }) {
  const { t } = useI18n();
  const names = useDirectory();
  const { subject } = approval;
  const links: [string, string, string][] = [];
  if (subject.call) links.push([t("approvals.call"), `/programs/calls/${subject.call}`, names.call(subject.call)]);
  if (subject.application) links.push([t("approvals.application"), `/programs/applications/${subject.application}`, names.application(subject.application)]);
  if (subject.project) links.push([t("approvals.project"), `/programs/projects/${subject.project}`, names.project(subject.project)]);
  if (subject.clawback) links.push([t("approvals.clawback"), "/programs/clawbacks", subject.clawback]);
  return <Facts items={links.map(([term, to, text]) => [term, <Link key={to} to={to}>{text}</Link>])} />;
}

export function ApprovalPage() {
  const { approvalId = "" } = useParams();
  const { t } = useI18n();
  const format = useFormat();
  const approval = useApproval(approvalId);
  const title = approval.data ? t(approvalKey(approval.data.kind)) : t("approvals.title");
  useDocumentTitle(`${title} — ${t("approvals.decide")}`);
  return (
    <section className="area-page">
      <StaffNav />
      <p className="breadcrumb">
        <Link to="/programs/approvals">{t("approvals.title")}</Link>
      </p>
      <h1>{title}</h1>
      {approval.isPending ? (
        <Loading />
      ) : approval.isError ? (
        <LoadError error={approval.error} onRetry={() => void approval.refetch()} />
      ) : (
        <>
          <SubjectLinks approval={approval.data} />
          <Facts
            items={[
              [t("approvals.deadline"), approval.data.deadline ? <Countdown key="d" until={approval.data.deadline} /> : t("approvals.noDeadline")],
              [t("approvals.opened"), approval.data.opened_at ? format.dateTime(approval.data.opened_at) : "-"],
            ]}
          />
          <h2>{t("approvals.decide")}</h2>
          <DecisionPanel approval={approval.data} />
        </>
      )}
    </section>
  );
}
