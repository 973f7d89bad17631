import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useRef, useState } from "react";
import { useForm, type UseFormRegisterReturn } from "react-hook-form";
import { Link, Route, Routes, useParams } from "react-router-dom";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Issued, User } from "../../api/types";
import { useDocumentTitle, usePageTitle } from "../../app/usePageTitle";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorSummary } from "../../forms/ErrorSummary";
import { FormError } from "../../forms/FormError";
import { ChoiceGroup, fieldId, TextInput } from "../../forms/fields";
import { ImeSafeForm } from "../../forms/ImeSafeForm";
import { inviteUserSchema, ROLES, rolesSchema, siteOf, type InviteUserValues, type RolesValues } from "../../forms/schemas";
import { useFormKit } from "../../forms/useFormKit";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { NotFoundPage } from "../../pages/StatusPages";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { DataTable } from "../../ui/DataTable";
import { Facts } from "../../ui/Facts";
import { Empty, QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { AuditTrail, type AuditPage } from "../shared/AuditTrail";
import { key } from "../shared/labels";

function useUsers() {
  const api = useProgram();
  return useQuery({ queryKey: keys.users(), queryFn: () => unwrap(api.GET("/admin/users")) });
}

const roleText = (t: ReturnType<typeof useI18n>["t"], roles: readonly string[]) => roles.map((role) => t(key(`role.${role}`))).join(", ");

/** The site of a factory user: asked for only while the factory role is ticked. */
function SiteField({ id, roles, error, registration }: { id: string; roles: readonly string[] | undefined; error?: string; registration: UseFormRegisterReturn }) {
  const { t } = useI18n();
  if (!roles?.includes("factory")) return null;
  return <TextInput id={id} label={t("users.site")} hint={t("users.siteHint")} required autoComplete="off" error={error} registration={registration} />;
}

/** The one-time password, shown once to hand over; it is not stored in clear, not mailed, not shown again. */
function OneTimePassword({ issued }: { issued: Issued }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <Notice tone="success" live="status">
      <p className="notice-title">{t("users.issued", { email: issued.user.email })}</p>
      <p>{t("users.oneTime")}</p>
      <p>
        <code className="one-time-password" aria-label={t("users.password")}>
          {issued.one_time_password}
        </code>{" "}
        <button
          type="button"
          className="krds-btn small tertiary"
          onClick={() => void navigator.clipboard?.writeText(issued.one_time_password).then(() => setCopied(true), () => setCopied(false))}
        >
          {t("ui.copy")}
        </button>{" "}
        <span>{copied ? t("ui.copied") : ""}</span>
      </p>
    </Notice>
  );
}

function Invite() {
  const { t } = useI18n();
  const api = useProgram();
  const client = useQueryClient();
  const formId = "invite-user";
  const form = useForm<InviteUserValues>({ resolver: zodResolver(inviteUserSchema), defaultValues: { email: "", name: "", roles: [], site: "" }, shouldFocusError: false });
  const kit = useFormKit(form);
  const [issued, setIssued] = useState<Issued | null>(null);
  const invite = useMutation({
    mutationFn: (values: InviteUserValues) =>
      unwrap(api.POST("/admin/users", { body: { email: values.email.trim(), name: values.name.trim(), roles: values.roles, site: siteOf(values) } })),
    onSuccess: (result) => {
      setIssued(result);
      form.reset();
      void client.invalidateQueries({ queryKey: keys.users() });
    },
  });
  const errors = form.formState.errors;
  const labels = { email: t("login.email"), name: t("users.name"), roles: t("users.roles"), site: t("users.site") };
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t("users.invite")}</h2>
      <p>{t("users.inviteLead")}</p>
      {issued && <OneTimePassword issued={issued} />}
      <FormError error={kit.refusal} />
      <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => invite.mutateAsync(values))}>
        <ErrorSummary ref={kit.summaryRef} formId={formId} errors={errors} labels={labels} show={kit.showSummary} />
        <TextInput id={fieldId(formId, "email")} label={labels.email} type="email" required autoComplete="off" error={errors.email?.message} registration={form.register("email")} />
        <TextInput id={fieldId(formId, "name")} label={labels.name} required autoComplete="off" error={errors.name?.message} registration={form.register("name")} />
        <ChoiceGroup
          id={fieldId(formId, "roles")}
          legend={labels.roles}
          type="checkbox"
          required
          error={errors.roles?.message}
          registration={form.register("roles")}
          options={ROLES.map((role) => ({ value: role, label: t(key(`role.${role}`)) }))}
        />
        <SiteField id={fieldId(formId, "site")} roles={form.watch("roles")} error={errors.site?.message} registration={form.register("site")} />
        <button type="submit" className="krds-btn primary" disabled={invite.isPending}>
          {invite.isPending ? t("ui.working") : t("users.sendInvite")}
        </button>
      </ImeSafeForm>
    </section>
  );
}

function UsersPage() {
  const { t } = useI18n();
  const title = usePageTitle("area.users");
  const users = useUsers();
  const columns: ColumnDef<User>[] = [
    {
      id: "name",
      header: t("users.name"),
      accessorFn: (user) => user.name,
      cell: ({ row }) => <Link to={`/admin/users/${encodeURIComponent(row.original.email)}`}>{row.original.name}</Link>,
    },
    { id: "email", header: t("login.email"), accessorFn: (user) => user.email },
    { id: "roles", header: t("users.roles"), accessorFn: (user) => roleText(t, user.roles) },
    { id: "site", header: t("users.site"), accessorFn: (user) => user.site ?? t("ui.none") },
    {
      id: "enabled",
      header: t("ui.status"),
      accessorFn: (user) => t(user.enabled === false ? "users.disabled" : "users.enabled"),
      cell: ({ row }) => (
        <StatusBadge tone={row.original.enabled === false ? "gray" : "success"}>{t(row.original.enabled === false ? "users.disabled" : "users.enabled")}</StatusBadge>
      ),
    },
  ];
  return (
    <section className="area-page">
      <h1>{title}</h1>
      <p className="lead">{t("users.lead")}</p>
      <QueryView query={users}>
        {(data) => <DataTable data={data.users} columns={columns} caption={t("users.list")} getRowId={(user) => user.email} empty={t("users.empty")} />}
      </QueryView>
      <Invite />
    </section>
  );
}

type Action = "disable" | "enable" | "reset";

function UserPage() {
  const { email: encoded = "" } = useParams();
  const email = decodeURIComponent(encoded);
  const { t } = useI18n();
  const { session } = useAuth();
  const api = useProgram();
  const client = useQueryClient();
  const users = useUsers();
  const user = users.data?.users.find((candidate) => candidate.email === email);
  useDocumentTitle(user ? `${user.name} — ${t("area.users")}` : t("area.users"));
  const [asking, setAsking] = useState<Action | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const sending = useRef(false);
  const formId = "roles";
  const form = useForm<RolesValues>({
    resolver: zodResolver(rolesSchema),
    values: { roles: (user?.roles ?? []) as (typeof ROLES)[number][], site: user?.site ?? "" },
    shouldFocusError: false,
  });
  const kit = useFormKit(form, { email: "roles" });
  const path = { params: { path: { email } } };
  const refresh = () => {
    void client.invalidateQueries({ queryKey: keys.users() });
    void client.invalidateQueries({ queryKey: ["audit", "user", email] });
  };
  const act = useMutation({
    mutationFn: async (action: Action) => {
      if (action === "reset") return unwrap(api.POST("/admin/users/{email}/password-reset", path));
      if (action === "disable") return unwrap(api.POST("/admin/users/{email}/disable", path));
      return unwrap(api.POST("/admin/users/{email}/enable", path));
    },
    onSuccess: (result) => {
      if ("one_time_password" in result) setIssued(result);
      refresh();
    },
    onSettled: () => {
      sending.current = false;
      setAsking(null);
    },
  });
  const saveRoles = useMutation({
    mutationFn: (values: RolesValues) => unwrap(api.PUT("/admin/users/{email}/roles", { ...path, body: { roles: values.roles, site: siteOf(values) } })),
    onSuccess: refresh,
  });
  const audit = useRef((cursor: string | undefined): Promise<AuditPage> =>
    unwrap(api.GET("/admin/users/{email}/audit", { params: { path: { email }, query: { limit: 50, cursor } } })),
  );
  const self = session?.user.email === email;
  return (
    <section className="area-page">
      <p className="breadcrumb">
        <Link to="/admin/users">{t("area.users")}</Link>
      </p>
      <h1>{user?.name ?? email}</h1>
      <QueryView query={users}>
        {() =>
          !user ? (
            <Empty>{t("ui.notFound")}</Empty>
          ) : (
            <>
              <Facts
                items={[
                  [t("login.email"), user.email],
                  [t("users.roles"), roleText(t, user.roles)],
                  [t("users.site"), user.site ?? t("ui.none")],
                  [t("ui.status"), t(user.enabled === false ? "users.disabled" : "users.enabled")],
                ]}
              />
              {issued && <OneTimePassword issued={issued} />}
              <h2>{t("users.changeRoles")}</h2>
              {saveRoles.isSuccess && (
                <Notice tone="success" live="status">
                  <p>{t("users.rolesSaved")}</p>
                </Notice>
              )}
              <FormError error={kit.refusal} />
              <ImeSafeForm id={formId} className="fieldset" onValidSubmit={kit.submit((values) => saveRoles.mutateAsync(values))}>
                <ErrorSummary ref={kit.summaryRef} formId={formId} errors={form.formState.errors} labels={{ roles: t("users.roles"), site: t("users.site") }} show={kit.showSummary} />
                <ChoiceGroup
                  id={fieldId(formId, "roles")}
                  legend={t("users.roles")}
                  hint={self ? t("users.selfHint") : undefined}
                  type="checkbox"
                  required
                  error={form.formState.errors.roles?.message}
                  registration={form.register("roles")}
                  options={ROLES.map((role) => ({ value: role, label: t(key(`role.${role}`)) }))}
                />
                <SiteField
                  id={fieldId(formId, "site")}
                  roles={form.watch("roles")}
                  error={form.formState.errors.site?.message}
                  registration={form.register("site")}
                />
                <button type="submit" className="krds-btn secondary" disabled={saveRoles.isPending}>
                  {saveRoles.isPending ? t("ui.saving") : t("users.saveRoles")}
                </button>
              </ImeSafeForm>
              <h2>{t("users.account")}</h2>
              <FormError error={act.error} />
              <div className="btn-wrap">
                {user.enabled === false ? (
                  <button type="button" className="krds-btn secondary" onClick={() => setAsking("enable")}>
                    {t("users.enable")}
                  </button>
                ) : (
                  <button type="button" className="krds-btn secondary" onClick={() => setAsking("disable")} disabled={self}>
                    {t("users.disable")}
                  </button>
                )}
                <button type="button" className="krds-btn secondary" onClick={() => setAsking("reset")}>
                  {t("users.reset")}
                </button>
              </div>
              <ConfirmDialog
                open={asking !== null}
                title={asking ? t(key(`users.confirm.${asking}`)) : ""}
                confirmLabel={asking ? t(key(`users.${asking}`)) : ""}
                busy={act.isPending}
                onCancel={() => setAsking(null)}
                onConfirm={() => {
                  if (!asking || sending.current) return;
                  sending.current = true;
                  act.mutate(asking);
                }}
              >
                <p>{asking ? t(key(`users.confirmText.${asking}`)) : ""}</p>
              </ConfirmDialog>
              <h2>{t("users.trail")}</h2>
              <AuditTrail queryKey={["audit", "user", email]} load={audit.current} caption={t("users.trail")} />
            </>
          )
        }
      </QueryView>
    </section>
  );
}

/** /admin/users: users and roles; invite with a one-time password, disable, reset, each change in the trail. */
export default function AdminArea() {
  return (
    <Routes>
      <Route index element={<UsersPage />} />
      <Route path=":email" element={<UserPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
