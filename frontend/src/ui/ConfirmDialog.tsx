import { useEffect, useId, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider";

/**
 * A modal question before an action that cannot be undone (submitting, deciding, disabling). Focus starts on
 * the safe answer; Escape cancels; the caller's `onConfirm` runs once.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <div className="dialog-body">
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        <div className="btn-wrap">
          <button type="button" className="krds-btn secondary" autoFocus onClick={onCancel} disabled={busy}>
            {t("ui.cancel")}
          </button>
          <button type="button" className="krds-btn primary" onClick={onConfirm} disabled={busy} aria-busy={busy}>
            {busy ? t("ui.working") : confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
