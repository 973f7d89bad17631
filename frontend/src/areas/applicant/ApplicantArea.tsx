import { Route, Routes } from "react-router-dom";
import { NotFoundPage } from "../../pages/StatusPages";
import { ApplicantHome } from "./ApplicantHome";
import { ApplicationPage } from "./ApplicationPage";
import { NewApplication } from "./NewApplication";

/** /applications: the open calls and the applicant's own applications, each a workspace until submitted. */
export default function ApplicantArea() {
  return (
    <Routes>
      <Route index element={<ApplicantHome />} />
      <Route path="new/:callId" element={<NewApplication />} />
      <Route path=":appId" element={<ApplicationPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
