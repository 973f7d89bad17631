import { zodResolver } from "@hookform/resolvers/zod";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate } from "react-router-dom";
import { usePageTitle } from "../../app/usePageTitle";
import { useProgram } from "../../api/useProgram";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { fieldId, SelectInput, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { key } from "../shared/labels";
import { saveLink, templateLink, useDatasets, useUploadAndCheck, useUploads, type Dataset, type Upload } from "./queries";
import { uploadSchema, type UploadValues } from "./schema";
import { statusTone } from "./status";

const STAFF = ["staff", "admin"];

function Templates({ dataset }: { dataset: Dataset | undefined }) {
  const { t } = useI18n();
  const api = useProgram();
  const [failed, setFailed] = useState<unknown>(null);
  if (!dataset) return null;
  const save = (format: "xlsx" | "csv") => {
    setFailed(null);
    saveLink(templateLink(api, dataset.name, format)).catch(setFailed);
  };
  return (
    <div className="data-templates">
      <p>
        {t("data.headers")}: {dataset.headers.join(", ")}
      </p>
      <button type="button" className="krds-btn small secondary" onClick={() => save("xlsx")}>
        {t("data.templateXlsx")}
      </button>{" "}
      <button type="button" className="krds-btn small secondary" onClick={() => save("csv")}>
        {t("data.templateCsv")}
      </button>
      <FormError error={failed} />
    </div>
  );
}

function UploadForm({ datasets }: { datasets: Dataset[] }) {
  const { t } = useI18n();
  const { session } = useAuth();
  const navigate = useNavigate();
  const staff = session?.user.roles.some((role) => STAFF.includes(role)) ?? false;
  const formId = "data-upload";
  const form = useForm<UploadValues>({
    resolver: zodResolver(uploadSchema(staff)),
    defaultValues: { dataset: "", site: "", file: undefined },
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const [progress, setProgress] = useState(0);
  const upload = useUploadAndCheck(setProgress);
  const errors = form.formState.errors;
  const chosen = datasets.find((dataset) => dataset.name === form.watch("dataset"));
  const labels = { dataset: t("data.dataset"), site: t("mon.site"), file: t("data.file") };
  const send = async (values: UploadValues) => {
    const file = values.file?.[0];
    if (!file) return; // the schema requires one
    const checked = await upload.mutateAsync({ dataset: values.dataset, site: staff ? values.site.trim() : "", file });
    navigate(`/data/uploads/${checked.id}`);
  };
  return (
    <section aria-labelledby="data-upload-heading">
      <h2 id="data-upload-heading">{t("data.uploadHeading")}</h2>
      <p>{t("data.uploadLead")}</p>
      <FormError error={kit.refusal} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit(send)}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        <SelectInput
          id={fieldId(formId, "dataset")}
          label={labels.dataset}
          required
          placeholder={t("data.choose")}
          error={errors.dataset?.message}
          registration={form.register("dataset")}
          options={datasets.map((dataset) => ({ value: dataset.name, label: t(key(`data.ds.${dataset.name}`)) }))}
        />
        <Templates dataset={chosen} />
        {staff ? (
          <TextInput id={fieldId(formId, "site")} label={labels.site} hint={t("data.siteHint")} required autoComplete="off" error={errors.site?.message} registration={form.register("site")} />
        ) : (
          <p>{t("mon.siteOnly", { site: session?.user.site ?? "" })}</p>
        )}
        <TextInput
          id={fieldId(formId, "file")}
          label={labels.file}
          hint={t("data.fileHint")}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          error={errors.file?.message as string | undefined}
          registration={form.register("file")}
          status={upload.isPending ? t("data.sending", { percent: progress }) : undefined}
        />
        <button type="submit" className="krds-btn primary" disabled={upload.isPending}>
          {upload.isPending ? t("ui.working") : t("data.check")}
        </button>
      </ImeSafeForm>
    </section>
  );
}

function UploadList() {
  const { t } = useI18n();
  const format = useFormat();
  const uploads = useUploads("");
  const columns: ColumnDef<Upload>[] = [
    {
      id: "file",
      header: t("data.file"),
      accessorFn: (upload) => upload.filename,
      cell: ({ row }) => <Link to={`/data/uploads/${row.original.id}`}>{row.original.filename}</Link>,
    },
    { id: "dataset", header: t("data.dataset"), accessorFn: (upload) => t(key(`data.ds.${upload.dataset}`)) },
    { id: "site", header: t("mon.site"), accessorFn: (upload) => upload.site },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (upload) => t(key(`data.status.${upload.status}`)),
      cell: ({ row }) => <StatusBadge tone={statusTone(row.original.status)}>{t(key(`data.status.${row.original.status}`))}</StatusBadge>,
    },
    {
      id: "counts",
      header: t("data.counts"),
      accessorFn: (upload) => (upload.counts ? t("data.countsText", { ...upload.counts }) : ""),
    },
    { id: "at", header: t("data.uploadedAt"), accessorFn: (upload) => upload.created_at, cell: ({ row }) => format.dateTime(row.original.created_at) },
  ];
  return (
    <section aria-labelledby="data-list-heading">
      <h2 id="data-list-heading">{t("data.uploads")}</h2>
      <QueryView query={uploads}>
        {(found) => <DataTable data={found.items} columns={columns} caption={t("data.uploads")} captionHidden getRowId={(upload) => upload.id} empty={t("data.noUploads")} />}
      </QueryView>
    </section>
  );
}

export function DataPage() {
  const { t } = useI18n();
  const title = usePageTitle("area.data");
  const datasets = useDatasets();
  return (
    <section className="area-page">
      <h1>{title}</h1>
      <p>{t("data.lead")}</p>
      <QueryView query={datasets}>{(found) => <UploadForm datasets={found.items} />}</QueryView>
      <UploadList />
    </section>
  );
}
