import type { ReactNode } from "react";
import type { Project } from "../../api/types";
import { endOfKstDay } from "../../domain/deadlines";
import { useI18n } from "../../i18n/I18nProvider";
import { Countdown } from "../../ui/Countdown";
import { Facts } from "../../ui/Facts";
import { StatusBadge } from "../../ui/StatusBadge";
import { useFormat } from "../../ui/useFormat";
import { key, projectStatusKey, projectTone } from "./labels";

/**
 * A project's dates from the domain's calendar (KST days, docs/program.md): the term, the payment window counting
 * down while it is open, the plan-change cutoff, reports, evaluations, insurance; then the money and the history.
 */
export function ProjectTimeline({ project }: { project: Project }) {
  const { t } = useI18n();
  const format = useFormat();
  const calendar = project.calendar;
  const dates: [string, ReactNode][] = [];
  if (project.signed_on) dates.push([t("project.signedOn"), format.day(project.signed_on)]);
  if (calendar) {
    dates.push([t("project.term"), `${format.day(calendar.term_start)} – ${format.day(calendar.term_end)}`]);
    dates.push([
      t("project.paymentDue"),
      project.status === "payment_window" && project.payment_due ? (
        <Countdown key="pay" until={project.payment_due} />
      ) : (
        format.day(calendar.payment_request_due)
      ),
    ]);
    dates.push([
      t("project.planChangeCutoff"),
      project.status === "in_progress" ? <Countdown key="cutoff" until={endOfKstDay(calendar.plan_change_cutoff)} /> : format.day(calendar.plan_change_cutoff),
    ]);
    dates.push([t("project.finalReportDue"), format.day(calendar.final_report_due)]);
    if (calendar.final_evaluation_due) dates.push([t("project.finalEvaluationDue"), format.day(calendar.final_evaluation_due)]);
    dates.push([t("project.insuranceEnd"), format.day(calendar.insurance_end)]);
    dates.push([t("project.extensionLatest"), format.day(calendar.extension_latest_end)]);
  }
  if (project.paid_on) dates.push([t("project.paidOn"), format.day(project.paid_on)]);
  if (project.report_meeting_on) dates.push([t("project.reportMeeting"), format.day(project.report_meeting_on)]);
  if (project.obligation_until) dates.push([t("project.obligationUntil"), format.day(project.obligation_until)]);
  return (
    <div className="project-timeline">
      <p className="page-meta">
        <StatusBadge tone={projectTone(project.status)}>{t(projectStatusKey(project.status))}</StatusBadge>
        {project.promoted_from_reserve && <StatusBadge tone="secondary">{t("project.promoted")}</StatusBadge>}
        {(project.extension_months ?? 0) > 0 && <span>{t("project.extended", { months: project.extension_months ?? 0 })}</span>}
      </p>
      {project.cancel_reason && (
        <p className="form-hint">
          {t("project.cancelReason")}: {project.cancel_reason}
        </p>
      )}
      <h3>{t("project.dates")}</h3>
      {dates.length ? <Facts items={dates} /> : <p>{t("project.noCalendar")}</p>}
      {project.grant && (
        <>
          <h3>{t("project.grant")}</h3>
          <Facts
            items={[
              [t("project.auditedBudget"), format.amount(project.grant.audited_budget)],
              [t("project.cityShare"), format.amount(project.grant.city_share)],
              [t("project.adopterShare"), format.amount(project.grant.adopter_share)],
              [t("project.vat"), format.amount(project.grant.vat)],
              [t("project.adopterTotal"), format.amount(project.grant.adopter_total)],
            ]}
          />
        </>
      )}
      {(project.plan_changes ?? []).length > 0 && (
        <>
          <h3>{t("project.planChanges")}</h3>
          <ul className="history">
            {(project.plan_changes ?? []).map((change) => (
              <li key={change.id}>
                <StatusBadge tone={change.status === "approved" ? "success" : change.status === "refused" ? "danger" : "information"}>
                  {t(key(`planChangeStatus.${change.status}`))}
                </StatusBadge>{" "}
                {change.summary}
                {change.extension_months ? ` (${t("project.extensionAsked", { months: change.extension_months })})` : ""}
                {change.at ? ` — ${format.dateTime(change.at)}` : ""}
                {change.reason ? ` — ${change.reason}` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
      {(project.interim_checks ?? []).length > 0 && (
        <>
          <h3>{t("project.interimChecks")}</h3>
          <ul className="history">
            {(project.interim_checks ?? []).map((check) => (
              <li key={check.at}>
                {format.dateTime(check.at)} — {check.findings} ({check.by})
              </li>
            ))}
          </ul>
        </>
      )}
      {(project.verdicts ?? []).length > 0 && (
        <>
          <h3>{t("project.verdicts")}</h3>
          <ul className="history">
            {(project.verdicts ?? []).map((verdict) => (
              <li key={verdict.at}>
                <StatusBadge tone={verdict.verdict === "success" ? "success" : verdict.verdict === "fail" ? "danger" : "warning"}>
                  {t(key(`verdict.${verdict.verdict}`))}
                </StatusBadge>{" "}
                {format.dateTime(verdict.at)}
                {verdict.reason ? ` — ${verdict.reason}` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
