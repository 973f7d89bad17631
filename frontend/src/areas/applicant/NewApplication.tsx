import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router-dom";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import { usePageTitle } from "../../app/usePageTitle";
import { formatBrn } from "../../domain/brn";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { applicationCreateSchema, type ApplicationCreateValues } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { QueryView } from "../../ui/QueryView";
import { BrnInput } from "../shared/BrnInput";
import { CallRules } from "./CallRules";
import { useCall, useOrganisation } from "./queries";

const FORM = "new-application";

/** Start an application (saved at once as a draft — 임시저장 — that can be resumed any time before the deadline). */
export function NewApplication() {
  const { callId = "" } = useParams();
  const { t, lang } = useI18n();
  const title = usePageTitle("applicant.newTitle");
  const api = useProgram();
  const navigate = useNavigate();
  const client = useQueryClient();
  const call = useCall(callId);
  const organisation = useOrganisation();
  const form = useForm<ApplicationCreateValues>({
    resolver: zodResolver(applicationCreateSchema),
    defaultValues: { kind: undefined, adopter_name: "", adopter_brn: "" },
    shouldFocusError: false,
  });
  const kit = useFormKit(form, { brn: "adopter_brn" });
  const org = organisation.data;
  useEffect(() => {
    if (org) form.reset({ ...form.getValues(), adopter_name: org.name, adopter_brn: formatBrn(org.brn) });
  }, [org, form]);

  const create = useMutation({
    mutationFn: (values: ApplicationCreateValues) =>
      unwrap(
        api.POST("/applications", {
          body: { call_id: callId, kind: values.kind, adopter_name: values.adopter_name.trim(), adopter_brn: values.adopter_brn.trim() },
        }),
      ),
    onSuccess: (app) => {
      client.setQueryData(keys.application(app.id), app);
      void client.invalidateQueries({ queryKey: keys.applications() });
      navigate(`/applications/${app.id}?step=members&created=1`);
    },
  });

  const errors = form.formState.errors;
  const labels = { kind: t("applicant.kind"), adopter_name: t("applicant.adopterName"), adopter_brn: t("applicant.adopterBrn") };
  return (
    <section className="area-page">
      <p className="breadcrumb">
        <Link to="/applications">{t("area.applications")}</Link>
      </p>
      <h1>{title}</h1>
      <QueryView query={call}>
        {(data) => (
          <>
            <h2>{lang === "en" && data.title_en ? data.title_en : data.title_ko}</h2>
            <CallRules call={data} />
          </>
        )}
      </QueryView>
      <h2>{t("applicant.startHeading")}</h2>
      <p>{t("applicant.startLead")}</p>
      {org && (
        <Notice tone="information">
          <p>{t("applicant.orgKnown", { name: org.name })}</p>
        </Notice>
      )}
      <FormError error={kit.refusal ?? null} />
      <ImeSafeForm id={FORM} className="fieldset" onValidSubmit={kit.submit((values) => create.mutateAsync(values))} aria-busy={create.isPending}>
        <ErrorSummary ref={kit.summaryRef} formId={FORM} errors={errors} labels={labels} show={kit.showSummary} />
        <ChoiceGroup
          id={fieldId(FORM, "kind")}
          legend={labels.kind}
          required
          type="radio"
          inline={false}
          error={errors.kind?.message}
          registration={form.register("kind")}
          options={[
            { value: "single", label: t("appKind.single"), hint: t("applicant.kindSingleHint") },
            { value: "consortium", label: t("appKind.consortium"), hint: t("applicant.kindConsortiumHint") },
          ]}
        />
        <TextInput
          id={fieldId(FORM, "adopter_name")}
          label={labels.adopter_name}
          required
          autoComplete="organization"
          readOnly={Boolean(org)}
          error={errors.adopter_name?.message}
          registration={form.register("adopter_name")}
        />
        <BrnInput
          id={fieldId(FORM, "adopter_brn")}
          label={labels.adopter_brn}
          value={form.watch("adopter_brn")}
          readOnly={Boolean(org)}
          error={errors.adopter_brn?.message}
          registration={form.register("adopter_brn")}
        />
        <div className="btn-wrap">
          <button type="submit" className="krds-btn primary" disabled={create.isPending}>
            {create.isPending ? t("ui.working") : t("applicant.create")}
          </button>
          <Link to="/applications" className="krds-btn secondary">
            {t("ui.cancel")}
          </Link>
        </div>
      </ImeSafeForm>
    </section>
  );
}
