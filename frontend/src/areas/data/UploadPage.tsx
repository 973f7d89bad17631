import { useState } from "react";
import { useParams } from "react-router-dom";
import { useDocumentTitle } from "../../app/usePageTitle";
import { useProgram } from "../../api/useProgram";
import { FormError } from "../../forms/FormError";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Facts } from "../../ui/Facts";
import { QueryView } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { key } from "../shared/labels";
import { RowsTable } from "./RowsTable";
import { rejectedLink, saveLink, useCommit, useUpload, type Upload } from "./queries";
import { statusTone } from "./status";

function Report({ upload }: { upload: Upload }) {
  const { t } = useI18n();
  const format = useFormat();
  const counts = upload.counts;
  const unknown = upload.unknown_columns ?? [];
  const duplicates = upload.duplicate_rows ?? [];
  return (
    <>
      <Facts
        items={[
          [t("data.file"), upload.filename],
          [t("data.dataset"), t(key(`data.ds.${upload.dataset}`))],
          [t("mon.site"), upload.site],
          [t("ui.status"), <StatusBadge key="s" tone={statusTone(upload.status)}>{t(key(`data.status.${upload.status}`))}</StatusBadge>],
          [t("data.encoding"), [upload.format, upload.encoding].filter(Boolean).join(" · ") || t("ui.none")],
          [t("data.uploadedAt"), `${format.dateTime(upload.created_at)} · ${upload.created_by}`],
        ]}
      />
      {counts && (
        <dl className="facts data-counts" aria-label={t("data.counts")}>
          {(["rows", "accepted", "rejected", "duplicates"] as const).map((name) => (
            <div key={name} className="fact">
              <dt>{t(key(`data.count.${name}`))}</dt>
              <dd data-count={name}>{counts[name]}</dd>
            </div>
          ))}
        </dl>
      )}
      {upload.file_problem && (
        <Notice tone="danger">
          <p>{t("data.fileProblem", { problem: upload.file_problem })}</p>
        </Notice>
      )}
      {unknown.length > 0 && (
        <Notice tone="information">
          <p>{t("data.unknownColumns", { columns: unknown.join(", ") })}</p>
        </Notice>
      )}
      {duplicates.length > 0 && <p>{t("data.duplicates", { rows: duplicates.join(", ") })}</p>}
    </>
  );
}

function Commit({ upload }: { upload: Upload }) {
  const { t } = useI18n();
  const commit = useCommit(upload.id);
  const [confirming, setConfirming] = useState(false);
  if (upload.status === "committed") {
    return (
      <Notice tone="success" live="status">
        <p>{t("data.committed", { rows: upload.committed_rows ?? 0 })}</p>
      </Notice>
    );
  }
  if (upload.status !== "checked") return null;
  const accepted = upload.counts?.accepted ?? 0;
  return (
    <section aria-labelledby="data-commit-heading">
      <h2 id="data-commit-heading">{t("data.commitHeading")}</h2>
      <p>{t("data.commitLead", { accepted })}</p>
      <FormError error={commit.error} />
      <button type="button" className="krds-btn primary" disabled={accepted === 0 || commit.isPending} onClick={() => setConfirming(true)}>
        {t("data.commit", { accepted })}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t("data.commitConfirm")}
        confirmLabel={t("data.commit", { accepted })}
        busy={commit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          commit.mutate();
        }}
      >
        <p>{t("data.commitConfirmBody", { accepted, rejected: upload.counts?.rejected ?? 0 })}</p>
      </ConfirmDialog>
    </section>
  );
}

function Export({ upload }: { upload: Upload }) {
  const { t } = useI18n();
  const api = useProgram();
  const [failed, setFailed] = useState<unknown>(null);
  if (!upload.counts?.rejected) return null;
  return (
    <p>
      <button
        type="button"
        className="krds-btn small secondary"
        onClick={() => {
          setFailed(null);
          saveLink(rejectedLink(api, upload.id)).catch(setFailed);
        }}
      >
        {t("data.exportRejected")}
      </button>
      <FormError error={failed} />
    </p>
  );
}

export function UploadPage() {
  const { uploadId = "" } = useParams();
  const { t } = useI18n();
  const upload = useUpload(uploadId);
  useDocumentTitle(upload.data ? `${upload.data.filename} · ${t("data.report")}` : t("data.report"));
  return (
    <section className="area-page">
      <QueryView query={upload}>
        {(found) => (
          <>
            <h1>
              {t("data.report")}: {found.filename}
            </h1>
            <Report upload={found} />
            <Commit upload={found} />
            <h2>{t("data.problemRows")}</h2>
            <Export upload={found} />
            <RowsTable upload={found} />
          </>
        )}
      </QueryView>
    </section>
  );
}
