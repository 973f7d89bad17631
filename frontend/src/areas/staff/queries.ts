// Staff's data over the typed API: calls and their boards, applications per call, approvals, projects.
import { useQueries, useQuery } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { PanelRow, Sheet } from "../../api/types";

export function useCallApplications(callId: string | undefined) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.applications(callId),
    queryFn: () => unwrap(api.GET("/applications", { params: { query: { call_id: callId } } })),
    enabled: Boolean(callId),
  });
}

/** Applications of several calls at once (the inbox names each subject). */
export function useApplicationsOfCalls(callIds: string[]) {
  const api = useProgram();
  return useQueries({
    queries: callIds.map((callId) => ({
      queryKey: keys.applications(callId),
      queryFn: () => unwrap(api.GET("/applications", { params: { query: { call_id: callId } } })),
    })),
  });
}

/** The ranking board; null until the round has ranked (404). */
export function useRanking(callId: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.ranking(callId),
    queryFn: async () => {
      try {
        return await unwrap(api.GET("/calls/{call_id}/ranking", { params: { path: { call_id: callId } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function usePanel(callId: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.panel(callId),
    queryFn: async () =>
      (await unwrap(api.GET("/calls/{call_id}/panel", { params: { path: { call_id: callId } } }))).items as unknown as PanelRow[],
  });
}

export function useEvaluators() {
  const api = useProgram();
  return useQuery({ queryKey: keys.evaluators(), queryFn: () => unwrap(api.GET("/evaluators")) });
}

/** Pending approvals, most urgent first (one page of 100; the inbox refreshes itself every 30 s). */
export function useApprovals() {
  const api = useProgram();
  return useQuery({
    queryKey: keys.approvals(),
    queryFn: () => unwrap(api.GET("/approvals", { params: { query: { limit: 100 } } })),
    // the workflows open approvals in the background: always look again when the inbox is shown
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useApproval(id: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.approval(id),
    queryFn: () => unwrap(api.GET("/approvals/{approval_id}", { params: { path: { approval_id: id } } })),
  });
}

export function useProjects() {
  const api = useProgram();
  return useQuery({ queryKey: keys.projects(), queryFn: () => unwrap(api.GET("/projects")), staleTime: 0 });
}

export function useProject(id: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.project(id),
    queryFn: () => unwrap(api.GET("/projects/{project_id}", { params: { path: { project_id: id } } })),
  });
}

export function useClawbacks() {
  const api = useProgram();
  return useQuery({ queryKey: keys.clawbacks(), queryFn: () => unwrap(api.GET("/clawbacks")) });
}

export function useReview(appId: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.review(appId),
    queryFn: () => unwrap(api.GET("/applications/{application_id}/review", { params: { path: { application_id: appId } } })),
  });
}

export function useSheets(appId: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.sheets(appId),
    queryFn: async () =>
      (await unwrap(api.GET("/applications/{application_id}/sheets", { params: { path: { application_id: appId } } }))).items as unknown as Sheet[],
  });
}
