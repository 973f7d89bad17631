import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { keys } from "../../api/keys";
import { useProgram } from "../../api/useProgram";
import type { Application, Document } from "../../api/types";
import { ApiError } from "../../api/client";
import { acceptFor, checkFile, KINDS, MAX_BYTES, type DocumentKind } from "../../domain/documents";
import { formatBytes } from "../../format/format";
import { useI18n } from "../../i18n/I18nProvider";
import { StatusBadge } from "../../ui/StatusBadge";
import { DocumentActions } from "../shared/DocumentActions";
import { uploadDocument } from "../shared/files";
import { docKey, key } from "../shared/labels";
import { useRemoveDocument } from "./queries";

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; percent: number; name: string }
  | { kind: "done"; name: string }
  | { kind: "failed"; message: string };

/** The latest live document of a kind uploaded by a role. */
export function currentDocument(documents: Document[], kind: string, role: string): Document | undefined {
  return documents
    .filter((doc) => doc.kind === kind && doc.role === role && doc.status !== "removed")
    .sort((a, b) => (a.at ?? "").localeCompare(b.at ?? ""))
    .pop();
}

/**
 * One document of the checklist: what it is, which files it takes, what is uploaded; choose a file (checked for
 * type and size before anything is sent), watch it upload, replace or remove it until submission.
 */
export function DocumentSlot({
  app,
  kind,
  role,
  required,
  documents,
  editable,
}: {
  app: Application;
  kind: DocumentKind;
  role: string;
  required: boolean;
  documents: Document[];
  editable: boolean;
}) {
  const { t, lang } = useI18n();
  const api = useProgram();
  const client = useQueryClient();
  const remove = useRemoveDocument(app.id);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const current = currentDocument(documents, kind, role);
  const label = t(docKey(kind));
  const types = KINDS[kind].types.map((type) => type.toUpperCase()).join(", ");

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const checked = checkFile(kind, file);
    if (typeof checked === "string") {
      setPhase({ kind: "failed", message: t(key(`file.${checked}`), { kind: label, types }) });
      return;
    }
    setPhase({ kind: "uploading", percent: 0, name: file.name });
    try {
      const uploaded = await uploadDocument(api, app.id, kind, role, file, checked, (percent) =>
        setPhase({ kind: "uploading", percent, name: file.name }),
      );
      if (current && current.id !== uploaded.id) await remove.mutateAsync(current.id).catch(() => undefined);
      setPhase(
        uploaded.status === "rejected"
          ? { kind: "failed", message: t("applicant.fileRejected", { name: file.name }) }
          : { kind: "done", name: file.name },
      );
    } catch (error) {
      setPhase({ kind: "failed", message: error instanceof ApiError ? error.text(lang) : t("applicant.uploadFailed") });
    } finally {
      void client.invalidateQueries({ queryKey: keys.documents(app.id) });
    }
  };

  const status = current ? current.status : "missing";
  return (
    <li className={`document-slot ${phase.kind === "failed" ? "is-error" : ""}`}>
      <div className="document-head">
        <h4 id={`${id}-title`}>
          {label} <span className="muted">({t(required ? "ui.required" : "ui.optional")})</span>
        </h4>
        <StatusBadge tone={status === "clean" ? "success" : status === "rejected" ? "danger" : status === "missing" ? "gray" : "information"}>
          {t(key(`docStatus.${status}`))}
        </StatusBadge>
      </div>
      <p id={`${id}-hint`} className="form-hint">
        {t("applicant.fileHint", { types, size: formatBytes(MAX_BYTES) })}
      </p>
      {current && (
        <p className="document-file">
          {current.filename} {current.size ? `(${formatBytes(current.size)})` : ""}
          {current.status === "rejected" && current.reason ? ` — ${current.reason}` : ""}{" "}
          <DocumentActions applicationId={app.id} document={current} />
        </p>
      )}
      {phase.kind === "uploading" && (
        <div className="upload-progress">
          <progress max={100} value={phase.percent} aria-labelledby={`${id}-progress`} />
          <span id={`${id}-progress`}>{t("applicant.uploading", { name: phase.name, percent: phase.percent })}</span>
        </div>
      )}
      <p className="upload-result" role="status">
        {phase.kind === "done" ? t("applicant.uploaded", { name: phase.name }) : ""}
      </p>
      {phase.kind === "failed" && (
        <p className="form-hint-invalid" role="alert" id={`${id}-error`}>
          {phase.message}
        </p>
      )}
      {editable && (
        <div className="document-buttons">
          <span className="file-picker">
            <input
              ref={input}
              id={`${id}-file`}
              className="file-input"
              type="file"
              accept={acceptFor(kind)}
              aria-describedby={`${id}-hint${phase.kind === "failed" ? ` ${id}-error` : ""}`}
              disabled={phase.kind === "uploading"}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = "";
                void choose(file);
              }}
            />
            <label htmlFor={`${id}-file`} className="krds-btn small secondary">
              {current ? t("applicant.replaceFile") : t("applicant.chooseFile")}
              <span className="sr-only"> — {label}</span>
            </label>
          </span>
          {current && (
            <button
              type="button"
              className="krds-btn small text"
              disabled={remove.isPending || phase.kind === "uploading"}
              onClick={() => {
                setPhase({ kind: "idle" });
                remove.mutate(current.id);
              }}
            >
              {t("ui.delete")}
              <span className="sr-only"> — {label}</span>
            </button>
          )}
        </div>
      )}
    </li>
  );
}
