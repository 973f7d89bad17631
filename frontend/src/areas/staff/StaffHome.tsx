import { Link } from "react-router-dom";
import { usePageTitle } from "../../app/usePageTitle";
import { useI18n } from "../../i18n/I18nProvider";
import { QueryView } from "../../ui/QueryView";
import { useCalls } from "../applicant/queries";
import { ApprovalsTable } from "./Approvals";
import { useApprovals, useClawbacks, useProjects } from "./queries";
import { StaffNav } from "./StaffNav";

/** The staff's desk: what waits for a decision (most urgent first), and the counts of what runs. */
export function StaffHome() {
  const { t } = useI18n();
  const title = usePageTitle("area.programs");
  const approvals = useApprovals();
  const calls = useCalls();
  const projects = useProjects();
  const clawbacks = useClawbacks();
  const count = (items: unknown[] | undefined) => (items ? String(items.length) : "…");
  return (
    <section className="area-page">
      <StaffNav />
      <h1>{title}</h1>
      <ul className="board-grid">
        <li className="board-card">
          <Link to="/programs/approvals">{t("staff.nav.approvals")}</Link>
          <span className="number">{count(approvals.data?.items)}</span>
        </li>
        <li className="board-card">
          <Link to="/programs/calls">{t("staff.nav.calls")}</Link>
          <span className="number">{count(calls.data?.items)}</span>
        </li>
        <li className="board-card">
          <Link to="/programs/projects">{t("staff.nav.projects")}</Link>
          <span className="number">{count(projects.data?.items)}</span>
        </li>
        <li className="board-card">
          <Link to="/programs/clawbacks">{t("staff.nav.clawbacks")}</Link>
          <span className="number">{count(clawbacks.data?.items)}</span>
        </li>
      </ul>
      <h2>{t("staff.urgent")}</h2>
      <QueryView query={approvals}>{(data) => <ApprovalsTable approvals={data.items} limit={5} />}</QueryView>
    </section>
  );
}
