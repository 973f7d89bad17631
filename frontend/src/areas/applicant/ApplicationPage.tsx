import { Link, useParams, useSearchParams } from "react-router-dom";
import type { Application, Call } from "../../api/types";
import { useDocumentTitle } from "../../app/usePageTitle";
import { useAuth } from "../../auth/AuthProvider";
import { useI18n } from "../../i18n/I18nProvider";
import { Notice } from "../../pages/Notice";
import { Countdown } from "../../ui/Countdown";
import { LoadError, Loading } from "../../ui/QueryView";
import { StatusBadge } from "../../ui/StatusBadge";
import { useNow } from "../../ui/useNow";
import { appStatusKey, appTone } from "../shared/labels";
import { AcceptInvitation } from "./AcceptInvitation";
import { ConsentPanel } from "./ConsentPanel";
import { DocumentsPanel } from "./DocumentsPanel";
import { MembersPanel } from "./MembersPanel";
import { useApplication, useCall, useDocuments } from "./queries";
import { SectionPanel } from "./SectionPanel";
import { SubmitPanel } from "./SubmitPanel";
import { SubmittedView } from "./SubmittedView";

type Step = "members" | "section" | "documents" | "consent" | "submit";

function stepsFor(app: Application): Step[] {
  return app.my_roles.includes("adopter") ? ["members", "section", "documents", "consent", "submit"] : ["section", "documents"];
}

/** The draft workspace: one step at a time, each saved on its own (임시저장), resumable until the deadline. */
function Workspace({ app, call }: { app: Application; call: Call }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const steps = stepsFor(app);
  const asked = params.get("step") as Step | null;
  const step: Step = asked && steps.includes(asked) ? asked : (steps[0] ?? "section");
  const index = steps.indexOf(step);
  const next = steps[index + 1];
  return (
    <>
      <nav className="in-page-nav step-nav" aria-label={t("applicant.stepsLabel")}>
        <ol>
          {steps.map((name, position) => (
            <li key={name}>
              <Link to={`?step=${name}`} aria-current={name === step ? "step" : undefined}>
                <span className="step-number">{position + 1}</span> {t(`applicant.step.${name}`)}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <section className="step-panel" aria-labelledby="step-heading">
        <h2 id="step-heading">{t(`applicant.step.${step}`)}</h2>
        {step === "members" && <MembersPanel app={app} />}
        {step === "section" && <SectionPanel app={app} />}
        {step === "documents" && <DocumentsPanel app={app} editable />}
        {step === "consent" && <ConsentPanel app={app} />}
        {step === "submit" && <SubmitPanel app={app} call={call} />}
        {next && (
          <p className="next-step">
            <Link to={`?step=${next}`} className="krds-btn secondary">
              {t("applicant.nextStep", { step: t(`applicant.step.${next}`) })}
            </Link>
          </p>
        )}
      </section>
    </>
  );
}

export function ApplicationPage() {
  const { appId = "" } = useParams();
  const { t, lang } = useI18n();
  const { session } = useAuth();
  const [params] = useSearchParams();
  const now = useNow();
  const application = useApplication(appId);
  const call = useCall(application.data?.call_id);
  useDocuments(appId, application.isSuccess);
  const app = application.data;
  useDocumentTitle(app?.title || t("applicant.applicationTitle"));

  if (application.isPending || (app && call.isPending)) return <Loading />;
  if (application.isError) return <LoadError error={application.error} onRetry={() => void application.refetch()} />;
  if (call.isError || !call.data || !app) return <LoadError error={call.error} onRetry={() => void call.refetch()} />;

  const callData = call.data;
  const email = session?.user.email ?? "";
  const invitation = app.members.find((member) => (member.invited ?? []).includes(email) && !member.joined);
  const beforeDeadline = now < Date.parse(callData.closes_at);
  const drafting = app.status === "draft" && beforeDeadline;
  return (
    <section className="area-page application-page">
      <p className="breadcrumb">
        <Link to="/applications">{t("area.applications")}</Link>
      </p>
      <h1>{app.title || t("applicant.applicationTitle")}</h1>
      <div className="page-meta">
        <StatusBadge tone={appTone(app.status)}>{t(appStatusKey(app.status))}</StatusBadge>
        <span>{lang === "en" && callData.title_en ? callData.title_en : callData.title_ko}</span>
        <span className="muted">
          {t("applicant.number")}: {app.id}
        </span>
        {app.status === "draft" && <Countdown label={t("call.deadline")} until={callData.closes_at} />}
      </div>
      {params.get("created") && drafting && (
        <Notice tone="success" live="status">
          <p>{t("applicant.created")}</p>
        </Notice>
      )}
      {app.status === "draft" && !beforeDeadline && (
        <Notice tone="warning">
          <p>{t("applicant.deadlinePassed")}</p>
        </Notice>
      )}
      {invitation ? (
        <AcceptInvitation app={app} role={invitation.role} company={invitation.name} />
      ) : drafting ? (
        <Workspace app={app} call={callData} />
      ) : (
        <SubmittedView app={app} call={callData} />
      )}
    </section>
  );
}
