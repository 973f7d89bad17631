import { useQuery } from "@tanstack/react-query";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Assigned, EvaluationView } from "../../api/types";

/** Applications assigned to the evaluator (the server leaves out those it recused itself from). */
export function useAssigned() {
  const api = useProgram();
  return useQuery({
    queryKey: keys.evaluations(),
    queryFn: async () => (await unwrap(api.GET("/evaluations"))).items as unknown as Assigned[],
  });
}

/** The application, the rubric and the evaluator's own sheet — never another evaluator's. */
export function useEvaluation(appId: string, enabled: boolean) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.evaluation(appId),
    queryFn: async () =>
      (await unwrap(api.GET("/evaluations/{application_id}", { params: { path: { application_id: appId } } }))) as unknown as EvaluationView,
    enabled,
  });
}
