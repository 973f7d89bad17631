import { Route, Routes } from "react-router-dom";
import { NotFoundPage } from "../../pages/StatusPages";
import { AssignedList } from "./AssignedList";
import { EvaluationPage } from "./EvaluationPage";

/** /evaluations: the evaluator's assigned applications; a conflict-of-interest declaration before anything else. */
export default function EvaluatorArea() {
  return (
    <Routes>
      <Route index element={<AssignedList />} />
      <Route path=":appId" element={<EvaluationPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
