import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import type { Application, Document, Member } from "../../api/types";
import { formatBrn } from "../../domain/brn";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { Facts } from "../../ui/Facts";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { DocumentActions } from "./DocumentActions";
import { docKey, key, roleKey } from "./labels";

const FACT_ORDER = [
  "title",
  "plan",
  "company_size",
  "factory_in_incheon",
  "supported_before",
  "in_large_business_group",
  "runs_mes",
  "network_data_supply",
  "imate_consent",
  "exclusions",
  "bonus_program",
  "founded",
  "experts_3y",
  "solution_track_record",
  "sw_hw_record_3y",
  "consulting_category",
  "own_platform",
  "gs_certified",
  "consulting_record_3y",
];

/** A member's declared facts in words ("예", "중소기업", the exclusion grounds…). */
function FactValue({ name, value }: { name: string; value: unknown }) {
  const { t } = useI18n();
  const format = useFormat();
  if (value === null || value === undefined || value === "") return <>{t("ui.none")}</>;
  if (typeof value === "boolean") return <>{t(value ? "ui.yes" : "ui.no")}</>;
  if (name === "company_size" || name === "bonus_program") return <>{t(key(`fact.${name}.${String(value)}`))}</>;
  if (name === "exclusions" && Array.isArray(value)) {
    return <>{value.length ? value.map((ground) => t(key(`exclusion.${String(ground)}`))).join(", ") : t("ui.none")}</>;
  }
  if (name === "founded" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return <>{format.day(value)}</>;
  return <>{String(value)}</>;
}

export function MemberFacts({ member }: { member: Member }) {
  const { t } = useI18n();
  const section = member.section as Record<string, unknown>;
  const names = FACT_ORDER.filter((name) => name in section);
  if (!names.length) return <p className="muted">{t("summary.noSection")}</p>;
  const rows: [string, ReactNode][] = names.map((name) => [t(key(`fact.${name}`)), <FactValue key={name} name={name} value={section[name]} />]);
  if (member.role !== "adopter") {
    rows.push([
      t("summary.qualifications"),
      <>{member.qualifications?.length ? member.qualifications.map((q) => t(key(`qualification.${q}`))).join(", ") : t("ui.none")}</>,
    ]);
  }
  return <Facts items={rows} />;
}

export function MembersTable({ application }: { application: Application }) {
  const { t } = useI18n();
  const columns: ColumnDef<Member>[] = [
    { id: "role", header: t("summary.role"), accessorFn: (m) => t(roleKey(m.role)) },
    { id: "name", header: t("summary.company"), accessorFn: (m) => m.name },
    { id: "brn", header: t("summary.brn"), accessorFn: (m) => formatBrn(m.brn) },
    { id: "invited", header: t("summary.person"), accessorFn: (m) => (m.invited ?? []).join(", ") },
    {
      id: "joined",
      header: t("summary.joined"),
      accessorFn: (m) => (m.joined ? t("summary.joinedYes") : t("summary.joinedNo")),
      cell: ({ row }) => (
        <StatusBadge tone={row.original.joined ? "success" : "warning"}>
          {row.original.joined ? t("summary.joinedYes") : t("summary.joinedNo")}
        </StatusBadge>
      ),
    },
    {
      id: "completed",
      header: t("summary.completed"),
      accessorFn: (m) => (m.completed ? t("summary.completedYes") : t("summary.completedNo")),
      cell: ({ row }) => (
        <StatusBadge tone={row.original.completed ? "success" : "gray"}>
          {row.original.completed ? t("summary.completedYes") : t("summary.completedNo")}
        </StatusBadge>
      ),
    },
  ];
  return (
    <DataTable
      data={application.members}
      columns={columns}
      caption={t("summary.members")}
      filter={false}
      getRowId={(member) => member.role}
    />
  );
}

export function DocumentsTable({ applicationId, documents }: { applicationId: string; documents: Document[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const columns: ColumnDef<Document>[] = [
    { id: "kind", header: t("summary.docKind"), accessorFn: (d) => t(docKey(d.kind)) },
    { id: "role", header: t("summary.role"), accessorFn: (d) => (d.role ? t(roleKey(d.role)) : "") },
    { id: "file", header: t("summary.file"), accessorFn: (d) => d.filename },
    { id: "at", header: t("summary.uploadedAt"), accessorFn: (d) => d.at ?? "", cell: ({ row }) => (row.original.at ? format.dateTime(row.original.at) : "") },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (d) => t(key(`docStatus.${d.status}`)),
      cell: ({ row }) => (
        <StatusBadge tone={row.original.status === "clean" ? "success" : row.original.status === "rejected" ? "danger" : "information"}>
          {t(key(`docStatus.${row.original.status}`))}
        </StatusBadge>
      ),
    },
    {
      id: "actions",
      header: t("ui.actions"),
      enableSorting: false,
      cell: ({ row }) => <DocumentActions applicationId={applicationId} document={row.original} />,
    },
  ];
  return (
    <DataTable
      data={documents}
      columns={columns}
      caption={t("summary.documents")}
      pageSize={100} // the whole checklist on one page: a reviewer reads it top to bottom
      getRowId={(document) => document.id}
      empty={t("summary.noDocuments")}
    />
  );
}

/** An application read-only: who takes part, what each declared, and the documents. */
export function ApplicationSummary({ application, documents }: { application: Application; documents?: Document[] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="application-summary">
      <Facts
        items={[
          [t("summary.title"), application.title || t("ui.none")],
          [t("summary.kind"), t(key(`appKindShort.${application.kind}`))],
          [t("summary.submittedAt"), application.submitted_at ? format.dateTime(application.submitted_at) : t("ui.none")],
          [t("summary.bonusClaim"), t(application.bonus_claim ? "ui.yes" : "ui.no")],
        ]}
      />
      <h3>{t("summary.members")}</h3>
      <MembersTable application={application} />
      {application.members.map((member) => (
        <section key={member.role} className="member-facts">
          <h3>
            {t(roleKey(member.role))} · {member.name}
          </h3>
          <MemberFacts member={member} />
        </section>
      ))}
      {documents && (
        <>
          <h3>{t("summary.documents")}</h3>
          <DocumentsTable applicationId={application.id} documents={documents} />
        </>
      )}
    </div>
  );
}
