import { usePageTitle } from "../app/usePageTitle";
import { useI18n } from "../i18n/I18nProvider";
import type { Area } from "../nav/navigation";
import { Notice } from "./Notice";

/** An area the navigation already offers but a later release fills in: say so plainly, show no data. */
export function AreaPage({ area }: { area: Area }) {
  const { t } = useI18n();
  const title = usePageTitle(`area.${area.key}`);
  return (
    <section>
      <h1>{title}</h1>
      <Notice tone="information">
        <p className="notice-title">{t("pending.notice")}</p>
        <p>{t("pending.detail")}</p>
      </Notice>
    </section>
  );
}
