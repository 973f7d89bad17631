import type { ColumnDef } from "@tanstack/react-table";
import { Link, useSearchParams } from "react-router-dom";
import type { Assigned } from "../../api/types";
import { usePageTitle } from "../../app/usePageTitle";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { DataTable } from "../../ui/DataTable";
import { QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { key } from "../shared/labels";
import { useAssigned } from "./queries";

export function AssignedList() {
  const { t } = useI18n();
  const title = usePageTitle("area.evaluations");
  const [params] = useSearchParams();
  const assigned = useAssigned();
  const columns: ColumnDef<Assigned>[] = [
    {
      id: "title",
      header: t("summary.title"),
      accessorFn: (row) => row.title || row.application,
      cell: ({ row }) => <Link to={`/evaluations/${row.original.application}`}>{row.original.title || row.original.application}</Link>,
    },
    { id: "companies", header: t("summary.members"), accessorFn: (row) => row.companies.join(", ") },
    {
      id: "declaration",
      header: t("evaluator.declaration"),
      accessorFn: (row) => t(key(`declaration.${row.declaration}`)),
      cell: ({ row }) => (
        <StatusBadge tone={row.original.declaration === "cleared" ? "success" : "warning"}>{t(key(`declaration.${row.original.declaration}`))}</StatusBadge>
      ),
    },
    {
      id: "sheet",
      header: t("evaluator.sheet"),
      accessorFn: (row) => t(key(`sheetStatus.${row.sheet}`)),
      cell: ({ row }) => (
        <StatusBadge tone={row.original.sheet === "submitted" ? "success" : row.original.sheet === "draft" ? "information" : "gray"}>
          {t(key(`sheetStatus.${row.original.sheet}`))}
        </StatusBadge>
      ),
    },
  ];
  return (
    <section className="area-page">
      <h1>{title}</h1>
      <p className="lead">{t("evaluator.lead")}</p>
      {params.get("recused") && (
        <Notice tone="information" live="status">
          <p>{t("evaluator.recused")}</p>
        </Notice>
      )}
      <QueryView query={assigned}>
        {(rows) => (
          <DataTable
            data={rows}
            columns={columns}
            caption={t("evaluator.assigned")}
            getRowId={(row) => row.application}
            empty={t("evaluator.noneAssigned")}
          />
        )}
      </QueryView>
    </section>
  );
}
