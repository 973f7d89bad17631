import { useMutation } from "@tanstack/react-query";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application } from "../../api/types";
import { FormError } from "../../forms/FormError";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { roleKey } from "../shared/labels";
import { useRefreshApplication } from "./queries";

/** A supplier company's person, invited by e-mail, joins the application to complete its own part (R-DOC-3). */
export function AcceptInvitation({ app, role, company }: { app: Application; role: string; company: string }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useRefreshApplication(app.id);
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST("/applications/{application_id}/accept", { params: { path: { application_id: app.id } } })),
    onSuccess: (updated) => refresh(updated),
  });
  const adopter = app.members.find((member) => member.role === "adopter");
  return (
    <section aria-labelledby="invitation-heading">
      <h2 id="invitation-heading">{t("applicant.invitationHeading")}</h2>
      <Notice tone="information">
        <p>
          {t("applicant.invitationText", { adopter: adopter?.name ?? "", company, role: t(roleKey(role)) })}
        </p>
      </Notice>
      <FormError error={accept.error} />
      <button type="button" className="krds-btn primary" onClick={() => accept.mutate()} disabled={accept.isPending}>
        {accept.isPending ? t("ui.working") : t("applicant.acceptInvitation")}
      </button>
    </section>
  );
}
