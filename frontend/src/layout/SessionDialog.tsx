import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { useAuth } from "../auth/AuthProvider";
import { formatCountdown } from "../format/format";
import { useI18n } from "../i18n/I18nProvider";

/**
 * KWCAG time limits: warn before the token expires and offer to extend. Once shown it stays until the
 * user answers or the session ends, so it never vanishes under the pointer.
 */
export function SessionDialog() {
  const { session, remaining, warningSeconds, extend, signOut } = useAuth();
  const { t, lang } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const extendButton = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const due = remaining !== null && remaining <= warningSeconds;
  useEffect(() => {
    if (due) setOpen(true);
    if (!session) setOpen(false);
  }, [due, session]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      // showModal() focuses the [autofocus] control: the safe answer (extend), not log-out
      extendButton.current?.setAttribute("autofocus", "");
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open]);

  const onExtend = async () => {
    try {
      await extend();
      setFailure(null);
      setOpen(false);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.text(lang) : t("session.extendFailed"));
    }
  };

  return (
    <dialog
      ref={dialog}
      className="session-dialog"
      role="alertdialog"
      aria-labelledby="session-dialog-title"
      aria-describedby="session-dialog-body"
      onCancel={(event) => event.preventDefault()}
    >
      <div className="dialog-body">
        <h2 id="session-dialog-title">
          {t("session.title")}
        </h2>
        <p id="session-dialog-body">
          {t("session.body", { time: formatCountdown(remaining ?? 0) })}
        </p>
        {failure && (
          <p className="form-hint-invalid" role="alert">
            {failure}
          </p>
        )}
        <div className="btn-wrap">
          <button type="button" className="krds-btn secondary" onClick={() => signOut("loggedOut")}>
            {t("logout")}
          </button>
          <button type="button" className="krds-btn primary" ref={extendButton} onClick={() => void onExtend()}>
            {t("extend")}
          </button>
        </div>
      </div>
    </dialog>
  );
}
