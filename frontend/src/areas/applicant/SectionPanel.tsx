import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useForm, type FieldValues, type UseFormReturn } from "react-hook-form";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application, Member } from "../../api/types";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId, TextArea, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import {
  ADOPTER_FLAGS,
  adopterSectionSchema,
  asBoolean,
  EXCLUSIONS,
  fromBoolean,
  SUPPLIER_FLAGS,
  supplierSectionSchema,
  type AdopterSectionValues,
  type SupplierSectionValues,
} from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { useFormat } from "../../ui/useFormat";
import { key, roleKey } from "../shared/labels";
import { useRefreshApplication } from "./queries";

type Section = Record<string, unknown>;
type YesNo = "yes" | "no";

const text = (value: unknown) => (typeof value === "string" ? value : "");

function adopterDefaults(section: Section): AdopterSectionValues {
  const flags = Object.fromEntries(ADOPTER_FLAGS.map((name) => [name, fromBoolean(section[name])])) as Record<
    (typeof ADOPTER_FLAGS)[number],
    YesNo
  >;
  return {
    title: text(section.title),
    plan: text(section.plan),
    company_size: (text(section.company_size) || undefined) as AdopterSectionValues["company_size"],
    ...flags,
    exclusions: Array.isArray(section.exclusions) ? (section.exclusions as AdopterSectionValues["exclusions"]) : [],
    bonus_program: (text(section.bonus_program) || "none") as AdopterSectionValues["bonus_program"],
  };
}

/** The section as the API keeps it: answered facts only, yes/no as booleans (a draft may leave some out). */
function adopterSection(values: AdopterSectionValues): Section {
  const section: Section = { title: values.title.trim(), plan: (values.plan ?? "").trim(), exclusions: values.exclusions ?? [] };
  if (values.company_size) section.company_size = values.company_size;
  for (const name of ADOPTER_FLAGS) if (values[name]) section[name] = asBoolean(values[name]);
  section.bonus_program = values.bonus_program && values.bonus_program !== "none" ? values.bonus_program : null;
  return section;
}

function supplierDefaults(member: Member): SupplierSectionValues {
  const section = member.section as Section;
  const flags = Object.fromEntries(SUPPLIER_FLAGS.map((name) => [name, fromBoolean(section[name])])) as Record<
    (typeof SUPPLIER_FLAGS)[number],
    YesNo
  >;
  return {
    plan: text(section.plan),
    founded: text(section.founded),
    experts_3y: typeof section.experts_3y === "number" ? String(section.experts_3y) : "",
    ...flags,
    qualifications: member.qualifications as SupplierSectionValues["qualifications"],
  };
}

function supplierSection(values: SupplierSectionValues): Section {
  const section: Section = { plan: (values.plan ?? "").trim() };
  if (values.founded) section.founded = values.founded;
  if (/^\d+$/.test(values.experts_3y.trim())) section.experts_3y = Number(values.experts_3y.trim());
  for (const name of SUPPLIER_FLAGS) if (values[name]) section[name] = asBoolean(values[name]);
  return section;
}

const QUALIFICATIONS: Record<string, ("solution" | "consulting")[]> = {
  supplier: ["solution", "consulting"],
  solution_company: ["solution"],
  consulting_company: ["consulting"],
};

/** Saves a draft of the section when the user leaves with unsaved changes (another step, another page, the tab). */
function useSaveOnLeave<T extends FieldValues>(form: UseFormReturn<T>, save: (values: T, keepalive: boolean) => void) {
  const dirty = form.formState.isDirty;
  const state = useRef({ dirty, save });
  state.current = { dirty, save };
  useEffect(() => {
    const leave = () => {
      if (state.current.dirty) state.current.save(form.getValues(), true);
    };
    window.addEventListener("beforeunload", leave);
    return () => {
      window.removeEventListener("beforeunload", leave);
      leave();
    };
  }, [form]);
}

function YesNoGroup<T extends FieldValues>({ form, formId, name, legend, error }: {
  form: UseFormReturn<T>;
  formId: string;
  name: string;
  legend: string;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <ChoiceGroup
      id={fieldId(formId, name)}
      legend={legend}
      type="radio"
      required
      error={error}
      registration={form.register(name as never)}
      options={[
        { value: "yes", label: t("ui.yes") },
        { value: "no", label: t("ui.no") },
      ]}
    />
  );
}

function SavedNote({ at }: { at: number | null }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <p className="save-status" role="status">
      {at ? t("applicant.draftSaved", { time: format.dateTime(at) }) : ""}
    </p>
  );
}

function useSectionSave(app: Application, role: string) {
  const api = useProgram();
  const refresh = useRefreshApplication(app.id);
  return useMutation({
    mutationFn: (input: { section: Section; qualifications?: ("solution" | "consulting")[]; completed: boolean; keepalive?: boolean }) =>
      unwrap(
        api.PUT("/applications/{application_id}/sections/{role}", {
          params: { path: { application_id: app.id, role } },
          body: { section: input.section, completed: input.completed, ...(input.qualifications ? { qualifications: input.qualifications } : {}) },
          keepalive: input.keepalive,
        }),
      ),
    onSuccess: (updated) => refresh(updated),
  });
}

function AdopterSection({ app, member }: { app: Application; member: Member }) {
  const { t } = useI18n();
  const formId = "section-adopter";
  const form = useForm<AdopterSectionValues>({
    resolver: zodResolver(adopterSectionSchema),
    defaultValues: adopterDefaults(member.section as Section),
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const save = useSectionSave(app, "adopter");
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const saveDraft = (values: AdopterSectionValues, keepalive = false) =>
    save.mutateAsync({ section: adopterSection(values), completed: false, keepalive }).then(() => {
      form.reset(values);
      setSavedAt(Date.now());
    });
  useSaveOnLeave(form, (values, keepalive) => void saveDraft(values, keepalive).catch(() => undefined));
  const errors = form.formState.errors;
  const labels: Record<string, string> = {
    title: t("fact.title"),
    plan: t("fact.plan"),
    company_size: t("fact.company_size"),
    exclusions: t("fact.exclusions"),
    bonus_program: t("fact.bonus_program"),
    ...Object.fromEntries(ADOPTER_FLAGS.map((name) => [name, t(key(`fact.${name}`))])),
  };
  return (
    <>
      {member.completed && (
        <Notice tone="success">
          <p>{t("applicant.sectionCompleted")}</p>
        </Notice>
      )}
      <FormError error={kit.refusal ?? save.error} />
      <ImeSafeForm
        id={formId}
        className="fieldset"
        onValidSubmit={kit.submit(async (values) => {
          await save.mutateAsync({ section: adopterSection(values), completed: true });
          form.reset(values);
          setSavedAt(Date.now());
        })}
      >
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        <TextInput id={fieldId(formId, "title")} label={labels.title} required error={errors.title?.message} registration={form.register("title")} />
        <TextArea id={fieldId(formId, "plan")} label={labels.plan} hint={t("applicant.planHint")} error={errors.plan?.message} registration={form.register("plan")} />
        <ChoiceGroup
          id={fieldId(formId, "company_size")}
          legend={labels.company_size}
          type="radio"
          required
          error={errors.company_size?.message}
          registration={form.register("company_size")}
          options={(["sme", "midsize", "large"] as const).map((size) => ({ value: size, label: t(key(`fact.company_size.${size}`)) }))}
        />
        {ADOPTER_FLAGS.map((name) => (
          <YesNoGroup key={name} form={form} formId={formId} name={name} legend={labels[name] ?? name} error={errors[name]?.message} />
        ))}
        <ChoiceGroup
          id={fieldId(formId, "exclusions")}
          legend={labels.exclusions}
          hint={t("applicant.exclusionsHint")}
          type="checkbox"
          inline={false}
          error={errors.exclusions?.message}
          registration={form.register("exclusions")}
          options={EXCLUSIONS.map((ground) => ({ value: ground, label: t(key(`exclusion.${ground}`)) }))}
        />
        <ChoiceGroup
          id={fieldId(formId, "bonus_program")}
          legend={labels.bonus_program}
          hint={t("applicant.bonusHint")}
          type="radio"
          inline={false}
          required
          error={errors.bonus_program?.message}
          registration={form.register("bonus_program")}
          options={(["none", "deployment", "level_confirmation"] as const).map((value) => ({ value, label: t(key(`fact.bonus_program.${value}`)) }))}
        />
        <div className="btn-wrap">
          <button type="button" className="krds-btn secondary" disabled={save.isPending} onClick={() => void saveDraft(form.getValues()).catch(() => undefined)}>
            {t("applicant.saveDraft")}
          </button>
          <button type="submit" className="krds-btn primary" disabled={save.isPending}>
            {save.isPending ? t("ui.saving") : t("applicant.completeSection")}
          </button>
        </div>
        <SavedNote at={savedAt} />
      </ImeSafeForm>
    </>
  );
}

function SupplierSection({ app, member }: { app: Application; member: Member }) {
  const { t } = useI18n();
  const formId = `section-${member.role}`;
  const form = useForm<SupplierSectionValues>({
    resolver: zodResolver(supplierSectionSchema),
    defaultValues: supplierDefaults(member),
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const save = useSectionSave(app, member.role);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const saveDraft = (values: SupplierSectionValues, keepalive = false) =>
    save
      .mutateAsync({ section: supplierSection(values), qualifications: values.qualifications ?? [], completed: false, keepalive })
      .then(() => {
        form.reset(values);
        setSavedAt(Date.now());
      });
  useSaveOnLeave(form, (values, keepalive) => void saveDraft(values, keepalive).catch(() => undefined));
  const errors = form.formState.errors;
  const labels: Record<string, string> = {
    plan: t("fact.plan"),
    founded: t("fact.founded"),
    experts_3y: t("fact.experts_3y"),
    qualifications: t("summary.qualifications"),
    ...Object.fromEntries(SUPPLIER_FLAGS.map((name) => [name, t(key(`fact.${name}`))])),
  };
  return (
    <>
      <p>{t("applicant.supplierLead", { role: t(roleKey(member.role)), company: member.name })}</p>
      {member.completed && (
        <Notice tone="success">
          <p>{t("applicant.sectionCompleted")}</p>
        </Notice>
      )}
      <FormError error={kit.refusal ?? save.error} />
      <ImeSafeForm
        id={formId}
        className="fieldset"
        onValidSubmit={kit.submit(async (values) => {
          await save.mutateAsync({ section: supplierSection(values), qualifications: values.qualifications ?? [], completed: true });
          form.reset(values);
          setSavedAt(Date.now());
        })}
      >
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        <TextInput id={fieldId(formId, "founded")} type="date" label={labels.founded} required error={errors.founded?.message} registration={form.register("founded")} />
        <TextInput
          id={fieldId(formId, "experts_3y")}
          label={labels.experts_3y}
          inputMode="numeric"
          required
          error={errors.experts_3y?.message}
          registration={form.register("experts_3y")}
        />
        {SUPPLIER_FLAGS.map((name) => (
          <YesNoGroup key={name} form={form} formId={formId} name={name} legend={labels[name] ?? name} error={errors[name]?.message} />
        ))}
        <ChoiceGroup
          id={fieldId(formId, "qualifications")}
          legend={labels.qualifications}
          hint={t("applicant.qualificationsHint")}
          type="checkbox"
          error={errors.qualifications?.message}
          registration={form.register("qualifications")}
          options={(QUALIFICATIONS[member.role] ?? []).map((value) => ({ value, label: t(key(`qualification.${value}`)) }))}
        />
        <TextArea id={fieldId(formId, "plan")} label={labels.plan} hint={t("applicant.supplierPlanHint")} error={errors.plan?.message} registration={form.register("plan")} />
        <div className="btn-wrap">
          <button type="button" className="krds-btn secondary" disabled={save.isPending} onClick={() => void saveDraft(form.getValues()).catch(() => undefined)}>
            {t("applicant.saveDraft")}
          </button>
          <button type="submit" className="krds-btn primary" disabled={save.isPending}>
            {save.isPending ? t("ui.saving") : t("applicant.completeSection")}
          </button>
        </div>
        <SavedNote at={savedAt} />
      </ImeSafeForm>
    </>
  );
}

/** The caller's own part of the application (each member completes its own, R-DOC-3). */
export function SectionPanel({ app }: { app: Application }) {
  const { t } = useI18n();
  const role = app.my_roles.includes("adopter") ? "adopter" : app.my_roles[0];
  const member = app.members.find((candidate) => candidate.role === role);
  if (!member) return <p>{t("applicant.noSection")}</p>;
  return member.role === "adopter" ? <AdopterSection app={app} member={member} /> : <SupplierSection app={app} member={member} />;
}
