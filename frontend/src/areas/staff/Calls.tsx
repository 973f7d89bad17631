import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useForm } from "react-hook-form";
import { Link, useNavigate } from "react-router-dom";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Call } from "../../api/types";
import { usePageTitle } from "../../app/usePageTitle";
import { kstDay } from "../../domain/deadlines";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { fieldId, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { callCreateSchema, seoulLocalToIso, type CallCreateValues } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { useCalls } from "../applicant/queries";
import { key } from "../shared/labels";
import { StaffNav } from "./StaffNav";

export const callTone = (status: string) =>
  status === "open" ? "success" : status === "draft" ? "gray" : status === "decided" ? "secondary" : "information";

export function CallsPage() {
  const { t, lang } = useI18n();
  const format = useFormat();
  const title = usePageTitle("calls.title");
  const calls = useCalls();
  const columns: ColumnDef<Call>[] = [
    {
      id: "title",
      header: t("calls.name"),
      accessorFn: (call) => (lang === "en" && call.title_en ? call.title_en : call.title_ko),
      cell: ({ row, getValue }) => <Link to={`/programs/calls/${row.original.id}`}>{String(getValue())}</Link>,
    },
    {
      id: "status",
      header: t("ui.status"),
      accessorFn: (call) => t(key(`callStatus.${call.status}`)),
      cell: ({ row }) => <StatusBadge tone={callTone(row.original.status)}>{t(key(`callStatus.${row.original.status}`))}</StatusBadge>,
    },
    { id: "opens", header: t("calls.opens"), accessorFn: (call) => call.opens_at, cell: ({ row }) => format.dateTime(row.original.opens_at) },
    { id: "closes", header: t("calls.closes"), accessorFn: (call) => call.closes_at, cell: ({ row }) => format.dateTime(row.original.closes_at) },
    { id: "places", header: t("call.places"), accessorFn: (call) => call.places },
    {
      id: "problems",
      header: t("calls.rubric"),
      accessorFn: (call) => ((call.rubric_problems ?? []).length ? t("calls.rubricProblems") : t("calls.rubricOk")),
      cell: ({ row }) =>
        (row.original.rubric_problems ?? []).length ? (
          <StatusBadge tone="danger">{t("calls.rubricProblems")}</StatusBadge>
        ) : (
          <StatusBadge tone="success">{t("calls.rubricOk")}</StatusBadge>
        ),
    },
  ];
  return (
    <section className="area-page">
      <StaffNav />
      <h1>{title}</h1>
      <p>
        <Link to="/programs/calls/new" className="krds-btn primary">
          {t("calls.new")}
        </Link>
      </p>
      <QueryView query={calls}>
        {(data) => (
          <DataTable
            data={data.items}
            columns={columns}
            caption={t("calls.title")}
            captionHidden
            initialSorting={[{ id: "opens", desc: true }]}
            getRowId={(call) => call.id}
            empty={t("calls.empty")}
          />
        )}
      </QueryView>
    </section>
  );
}

const FORM = "new-call";

/** A new draft call from the 2022 template (its rubric with the printed flaw, to be corrected before opening). */
export function NewCallPage() {
  const { t } = useI18n();
  const title = usePageTitle("calls.new");
  const api = useProgram();
  const client = useQueryClient();
  const navigate = useNavigate();
  const today = kstDay(Date.now());
  const inFourWeeks = kstDay(Date.now() + 28 * 24 * 3_600_000); // a deadline with time to apply, changed as needed
  const form = useForm<CallCreateValues>({
    resolver: zodResolver(callCreateSchema),
    defaultValues: { title_ko: "", title_en: "", opens_at: `${today}T09:00`, closes_at: `${inFourWeeks}T18:00`, places: "3" },
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const create = useMutation({
    mutationFn: (values: CallCreateValues) =>
      unwrap(
        api.POST("/calls", {
          body: {
            title_ko: values.title_ko.trim(),
            title_en: (values.title_en ?? "").trim(),
            opens_at: seoulLocalToIso(values.opens_at),
            closes_at: seoulLocalToIso(values.closes_at),
            places: Number(values.places),
          },
        }),
      ),
    onSuccess: (call) => {
      void client.invalidateQueries({ queryKey: keys.calls() });
      navigate(`/programs/calls/${call.id}/rubric`);
    },
  });
  const errors = form.formState.errors;
  const labels = {
    title_ko: t("calls.titleKo"),
    title_en: t("calls.titleEn"),
    opens_at: t("calls.opens"),
    closes_at: t("calls.closes"),
    places: t("call.places"),
  };
  return (
    <section className="area-page">
      <StaffNav />
      <p className="breadcrumb">
        <Link to="/programs/calls">{t("calls.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">{t("calls.newLead")}</p>
      <FormError error={kit.refusal} />
      <ImeSafeForm id={FORM} className="fieldset" onValidSubmit={kit.submit((values) => create.mutateAsync(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={FORM} errors={errors} labels={labels} show={kit.showSummary} />
        <TextInput id={fieldId(FORM, "title_ko")} label={labels.title_ko} required error={errors.title_ko?.message} registration={form.register("title_ko")} />
        <TextInput id={fieldId(FORM, "title_en")} label={labels.title_en} lang="en" error={errors.title_en?.message} registration={form.register("title_en")} />
        <TextInput id={fieldId(FORM, "opens_at")} type="datetime-local" label={labels.opens_at} hint={t("calls.kst")} required error={errors.opens_at?.message} registration={form.register("opens_at")} />
        <TextInput id={fieldId(FORM, "closes_at")} type="datetime-local" label={labels.closes_at} hint={t("calls.kst")} required error={errors.closes_at?.message} registration={form.register("closes_at")} />
        <TextInput id={fieldId(FORM, "places")} label={labels.places} inputMode="numeric" required error={errors.places?.message} registration={form.register("places")} />
        <button type="submit" className="krds-btn primary" disabled={create.isPending}>
          {create.isPending ? t("ui.working") : t("calls.create")}
        </button>
      </ImeSafeForm>
    </section>
  );
}
