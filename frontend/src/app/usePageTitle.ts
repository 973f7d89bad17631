import { useEffect } from "react";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";

/** KWCAG: every route names itself as "page | site" in the reader's language. */
export function usePageTitle(page: MessageKey): string {
  const { t } = useI18n();
  const name = t(page);
  useDocumentTitle(name);
  return name;
}

/** The same for a page whose name comes from its data (an application's title, a call's name). */
export function useDocumentTitle(name: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${name} | ${t("siteName")}`;
  }, [name, t]);
}
