import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { fieldId, TextInput } from "../../forms/fields";
import { FormError } from "../../forms/FormError";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { key } from "../shared/labels";
import { useCorrect, useUploadRows, type Upload, type UploadRow } from "./queries";
import { statusTone } from "./status";

function Correction({ upload, row, onDone }: { upload: Upload; row: UploadRow; onDone: () => void }) {
  const { t } = useI18n();
  const formId = `data-row-${row.row}`;
  const header = upload.header ?? [];
  const defaults = Object.fromEntries(header.map((name, index) => [`c${index}`, row.cells[name] ?? ""]));
  const form = useForm<Record<string, string>>({ defaultValues: defaults });
  const kit = useFormKit(form);
  const correct = useCorrect(upload.id);
  const save = async (values: Record<string, string>) => {
    const cells = Object.fromEntries(header.map((name, index) => [name, values[`c${index}`] || null]));
    await correct.mutateAsync({ row: row.row, cells, version: row.version });
    onDone();
  };
  return (
    <section className="data-correction" aria-labelledby={`${formId}-heading`}>
      <h3 id={`${formId}-heading`}>{t("data.correctRow", { row: row.row })}</h3>
      <FormError error={kit.refusal} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit(save)}>
        {header.map((name, index) => (
          <TextInput key={name} id={fieldId(formId, `c${index}`)} label={name} autoComplete="off" registration={form.register(`c${index}`)} />
        ))}
        <button type="submit" className="krds-btn primary" disabled={correct.isPending}>
          {correct.isPending ? t("ui.working") : t("data.saveCorrection")}
        </button>{" "}
        <button type="button" className="krds-btn secondary" onClick={onDone}>
          {t("ui.cancel")}
        </button>
      </ImeSafeForm>
    </section>
  );
}

function History({ row }: { row: UploadRow }) {
  const { t } = useI18n();
  const format = useFormat();
  if (row.history.length === 0) return null;
  return (
    <details className="data-history">
      <summary>{t("data.history", { count: row.history.length })}</summary>
      <ol>
        {row.history.map((change) => (
          <li key={change.version}>
            {t("data.historyEntry", {
              version: change.version,
              by: change.by,
              at: format.dateTime(change.at),
              before: t(key(`data.status.${change.before.status}`)),
              after: t(key(`data.status.${change.after.status}`)),
            })}
            <ul>
              {Object.keys(change.after.cells)
                .filter((name) => change.before.cells[name] !== change.after.cells[name])
                .map((name) => (
                  <li key={name}>
                    {name}: {change.before.cells[name] ?? t("ui.none")} → {change.after.cells[name] ?? t("ui.none")}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ol>
    </details>
  );
}

export function RowsTable({ upload }: { upload: Upload }) {
  const { t } = useI18n();
  const rows = useUploadRows(upload.id);
  const [editing, setEditing] = useState<number | null>(null);
  const canCorrect = upload.status === "checked" || upload.status === "committed";
  const columns: ColumnDef<UploadRow>[] = [
    { id: "row", header: t("data.row"), accessorFn: (row) => row.row },
    { id: "column", header: t("data.column"), accessorFn: (row) => row.problem?.header || row.problem?.column || "" },
    { id: "value", header: t("data.value"), accessorFn: (row) => row.problem?.value ?? "" },
    { id: "reason", header: t("data.reason"), accessorFn: (row) => row.problem?.reason ?? t("data.fixed") },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (row) => t(key(`data.status.${row.status}`)),
      cell: ({ row }) => (
        <StatusBadge tone={statusTone(row.original.status)}>
          {t(key(`data.status.${row.original.status}`))} · v{row.original.version}
        </StatusBadge>
      ),
    },
    {
      id: "actions",
      header: t("ui.actions"),
      enableSorting: false,
      cell: ({ row }) => (
        <>
          {canCorrect && (
            <button type="button" className="krds-btn xsmall tertiary" onClick={() => setEditing(row.original.row)}>
              {t("data.correct")}
              <span className="sr-only"> {t("data.row")} {row.original.row}</span>
            </button>
          )}
          <History row={row.original} />
        </>
      ),
    },
  ];
  return (
    <QueryView query={rows}>
      {(found) => {
        const chosen = found.items.find((row) => row.row === editing);
        return (
          <>
            {chosen && <Correction key={`${chosen.row}-${chosen.version}`} upload={upload} row={chosen} onDone={() => setEditing(null)} />}
            <DataTable data={found.items} columns={columns} caption={t("data.problemRows")} captionHidden getRowId={(row) => String(row.row)} pageSize={50} empty={t("data.noProblems")} />
          </>
        );
      }}
    </QueryView>
  );
}
