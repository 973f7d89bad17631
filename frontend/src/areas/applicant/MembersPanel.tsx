import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application } from "../../api/types";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { fieldId, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { memberInviteSchema, type MemberInviteValues } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { BrnInput } from "../shared/BrnInput";
import { MembersTable } from "../shared/ApplicationSummary";
import { roleKey } from "../shared/labels";
import { useRefreshApplication } from "./queries";

type SupplierRole = MemberInviteValues["role"];
const ROLES: Record<string, SupplierRole[]> = { single: ["supplier"], consortium: ["solution_company", "consulting_company"] };

function InviteForm({ app, role, again, onInvited }: { app: Application; role: SupplierRole; again: boolean; onInvited: (email: string) => void }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useRefreshApplication(app.id);
  const formId = `invite-${role}`;
  const form = useForm<MemberInviteValues>({
    resolver: zodResolver(memberInviteSchema),
    defaultValues: { role, name: "", brn: "", email: "" },
    shouldFocusError: false,
  });
  const kit = useFormKit(form);
  const invite = useMutation({
    mutationFn: (values: MemberInviteValues) =>
      unwrap(
        api.POST("/applications/{application_id}/members", {
          params: { path: { application_id: app.id } },
          body: { role, name: values.name.trim(), brn: values.brn.trim(), email: values.email.trim() },
        }),
      ),
    onSuccess: (updated, values) => {
      onInvited(values.email.trim());
      refresh(updated);
      form.reset({ role, name: "", brn: "", email: "" });
    },
  });
  const errors = form.formState.errors;
  const labels = { name: t("applicant.memberName"), brn: t("summary.brn"), email: t("applicant.memberEmail") };
  return (
    <div className="invite-form">
      <h4>{again ? t("applicant.reinvite", { role: t(roleKey(role)) }) : t("applicant.invite", { role: t(roleKey(role)) })}</h4>
      <FormError error={kit.refusal ?? null} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => invite.mutateAsync(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        <TextInput id={fieldId(formId, "name")} label={labels.name} required error={errors.name?.message} registration={form.register("name")} />
        <BrnInput id={fieldId(formId, "brn")} label={labels.brn} value={form.watch("brn")} error={errors.brn?.message} registration={form.register("brn")} />
        <TextInput
          id={fieldId(formId, "email")}
          label={labels.email}
          hint={t("applicant.memberEmailHint")}
          type="email"
          required
          autoComplete="off"
          error={errors.email?.message}
          registration={form.register("email")}
        />
        <button type="submit" className="krds-btn secondary" disabled={invite.isPending}>
          {invite.isPending ? t("ui.working") : t("applicant.sendInvite")}
        </button>
      </ImeSafeForm>
    </div>
  );
}

/** R-PRG-4: the adopter names the supplier companies and the person who completes each one's part. */
export function MembersPanel({ app }: { app: Application }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const link = `${window.location.origin}/applications/${app.id}`;
  const roles = ROLES[app.kind] ?? [];
  return (
    <div>
      <p>{t(app.kind === "single" ? "applicant.membersSingle" : "applicant.membersConsortium")}</p>
      {sent && (
        <Notice tone="success" live="status">
          <p>{t("applicant.invited", { email: sent })}</p>
        </Notice>
      )}
      <MembersTable application={app} />
      <div className="share-link">
        <p>
          {t("applicant.shareLink")} <code>{link}</code>
        </p>
        <button
          type="button"
          className="krds-btn small tertiary"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {t("ui.copy")}
        </button>
        <span role="status">{copied ? t("ui.copied") : ""}</span>
      </div>
      {roles.map((role) => {
        const member = app.members.find((candidate) => candidate.role === role);
        return member ? (
          <details key={role} className="krds-disclosure">
            <summary>{t("applicant.reinvite", { role: t(roleKey(role)) })}</summary>
            <InviteForm app={app} role={role} again onInvited={setSent} />
          </details>
        ) : (
          <InviteForm key={role} app={app} role={role} again={false} onInvited={setSent} />
        );
      })}
    </div>
  );
}
