import { useI18n } from "../i18n/I18nProvider";

/** KWCAG: the first focusable element; moves focus (not just the scroll position) to <main>. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <div id="krds-skip-link">
      <a
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          const main = document.getElementById("main");
          main?.focus();
          main?.scrollIntoView();
        }}
      >
        {t("skipToContent")}
      </a>
    </div>
  );
}
