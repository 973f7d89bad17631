// /data: manual shop-floor data. Templates per dataset, an upload checked row by row before anything is
// committed, the report, corrections with their history, and the commit into the pipeline.
import { Route, Routes } from "react-router-dom";
import { NotFoundPage } from "../../pages/StatusPages";
import { DataPage } from "./DataPage";
import { UploadPage } from "./UploadPage";

export default function DataArea() {
  return (
    <Routes>
      <Route index element={<DataPage />} />
      <Route path="uploads/:uploadId" element={<UploadPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
