import { useI18n } from "../../i18n/I18nProvider";
import { InPageNav } from "../../ui/InPageNav";

/** The staff area's own menu, on every staff page. */
export function StaffNav() {
  const { t } = useI18n();
  return (
    <InPageNav
      label={t("staff.nav")}
      items={[
        { to: "/programs", label: t("staff.nav.overview") },
        { to: "/programs/calls", label: t("staff.nav.calls"), end: false },
        { to: "/programs/approvals", label: t("staff.nav.approvals"), end: false },
        { to: "/programs/projects", label: t("staff.nav.projects"), end: false },
        { to: "/programs/clawbacks", label: t("staff.nav.clawbacks") },
        { to: "/programs/audit", label: t("staff.nav.audit") },
        { to: "/programs/outbox", label: t("staff.nav.outbox") },
      ]}
    />
  );
}
