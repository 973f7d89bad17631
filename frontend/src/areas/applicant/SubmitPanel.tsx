import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application, Call } from "../../api/types";
import { FormError } from "../../forms/FormError";
import { useI18n } from "../../i18n/I18nProvider";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Countdown } from "../../ui/Countdown";
import { QueryView } from "../../ui/QueryView";
import { ApplicationSummary } from "../shared/ApplicationSummary";
import { useDocuments, useRefreshApplication } from "./queries";
import { readiness } from "./readiness";

export function SubmitPanel({ app, call }: { app: Application; call: Call }) {
  const { t } = useI18n();
  const api = useProgram();
  const refresh = useRefreshApplication(app.id);
  const documents = useDocuments(app.id);
  const [asking, setAsking] = useState(false);
  const sending = useRef(false);
  const submit = useMutation({
    mutationFn: () => unwrap(api.POST("/applications/{application_id}/submit", { params: { path: { application_id: app.id } } })),
    onSuccess: (updated) => refresh(updated),
    onSettled: () => {
      sending.current = false;
      setAsking(false);
    },
  });
  return (
    <QueryView query={documents}>
      {(data) => {
        const checks = readiness(app, data.items, t);
        const ready = checks.every((check) => check.ok);
        return (
          <>
            <p>
              <Countdown label={t("call.deadline")} until={call.closes_at} />
            </p>
            <h3>{t("submit.checklist")}</h3>
            <ul className="readiness">
              {checks.map((check) => (
                <li key={check.text} className={check.ok ? "ok" : "todo"}>
                  <span className="sr-only">{check.ok ? t("submit.done") : t("submit.todo")}: </span>
                  <span aria-hidden="true">{check.ok ? "✓" : "!"}</span> {check.text}
                  {!check.ok && (
                    <>
                      {" "}
                      <Link to={`?step=${check.step}`}>{t("submit.goTo", { step: t(`applicant.step.${check.step as "members"}`) })}</Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <h3>{t("submit.summary")}</h3>
            <ApplicationSummary application={app} documents={data.items} />
            <FormError error={submit.error} title={t("submit.refused")} />
            {!ready && <p className="form-hint">{t("submit.notReady")}</p>}
            <div className="btn-wrap">
              <button type="button" className="krds-btn primary large" onClick={() => setAsking(true)} disabled={submit.isPending}>
                {t("submit.button")}
              </button>
            </div>
            <ConfirmDialog
              open={asking}
              title={t("submit.confirmTitle")}
              confirmLabel={t("submit.button")}
              busy={submit.isPending}
              onCancel={() => setAsking(false)}
              onConfirm={() => {
                if (sending.current) return; // a second click while the first is on its way submits nothing
                sending.current = true;
                submit.mutate();
              }}
            >
              <p>{t("submit.confirmBody")}</p>
            </ConfirmDialog>
          </>
        );
      }}
    </QueryView>
  );
}
