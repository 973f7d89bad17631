import { useState } from "react";
import { useProgram } from "../../api/useProgram";
import type { Document } from "../../api/types";
import { useI18n } from "../../i18n/I18nProvider";
import { openDocument } from "./files";

const VIEWABLE = ["application/pdf", "image/jpeg", "image/png"];

/** View (PDF and images, in the browser's viewer) and download of an accepted document. */
export function DocumentActions({ applicationId, document }: { applicationId: string; document: Document }) {
  const { t } = useI18n();
  const api = useProgram();
  const [failed, setFailed] = useState(false);
  if (document.status !== "clean") return null;
  const run = (view: boolean) => {
    setFailed(false);
    openDocument(api, applicationId, document.id, view).catch(() => setFailed(true));
  };
  return (
    <span className="document-actions">
      {VIEWABLE.includes(document.content_type ?? "") && (
        <button type="button" className="krds-btn xsmall tertiary" onClick={() => run(true)}>
          {t("ui.view")}
          <span className="sr-only"> {document.filename}</span>
        </button>
      )}
      <button type="button" className="krds-btn xsmall tertiary" onClick={() => run(false)}>
        {t("ui.download")}
        <span className="sr-only"> {document.filename}</span>
      </button>
      {failed && (
        <span className="form-hint-invalid" role="alert">
          {t("ui.fileOpenFailed")}
        </span>
      )}
    </span>
  );
}
