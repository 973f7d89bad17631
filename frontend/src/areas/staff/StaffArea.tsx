import { Route, Routes } from "react-router-dom";
import { NotFoundPage } from "../../pages/StatusPages";
import { ApprovalPage, ApprovalsPage } from "./Approvals";
import { AuditPage, ClawbacksPage, OutboxPage } from "./Records";
import { CallPage } from "./CallPage";
import { CallsPage, NewCallPage } from "./Calls";
import { ProjectPage, ProjectsPage } from "./Projects";
import { ReviewPage } from "./ReviewPage";
import { StaffHome } from "./StaffHome";

/** /programs: calls, the approvals inbox, rankings, projects, clawbacks, the audit log and the outbox. */
export default function StaffArea() {
  return (
    <Routes>
      <Route index element={<StaffHome />} />
      <Route path="calls" element={<CallsPage />} />
      <Route path="calls/new" element={<NewCallPage />} />
      <Route path="calls/:callId/:tab?" element={<CallPage />} />
      <Route path="applications/:appId" element={<ReviewPage />} />
      <Route path="approvals" element={<ApprovalsPage />} />
      <Route path="approvals/:approvalId" element={<ApprovalPage />} />
      <Route path="projects" element={<ProjectsPage />} />
      <Route path="projects/:projectId" element={<ProjectPage />} />
      <Route path="clawbacks" element={<ClawbacksPage />} />
      <Route path="audit" element={<AuditPage />} />
      <Route path="outbox" element={<OutboxPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
