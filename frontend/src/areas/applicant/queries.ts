// The applicant's data: calls, its applications, documents and projects (TanStack Query over the typed API).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { keys, projectIdFor } from "../../api/keys";
import { done, unwrap } from "../../api/program";
import { useProgram } from "../../api/useProgram";
import type { Application } from "../../api/types";

export function useCalls() {
  const api = useProgram();
  return useQuery({ queryKey: keys.calls(), queryFn: () => unwrap(api.GET("/calls")) });
}

export function useCall(callId: string | undefined) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.call(callId ?? ""),
    queryFn: () => unwrap(api.GET("/calls/{call_id}", { params: { path: { call_id: callId ?? "" } } })),
    enabled: Boolean(callId),
  });
}

export function useMyApplications() {
  const api = useProgram();
  return useQuery({ queryKey: keys.applications(), queryFn: () => unwrap(api.GET("/applications")) });
}

export function useApplication(appId: string) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.application(appId),
    queryFn: () => unwrap(api.GET("/applications/{application_id}", { params: { path: { application_id: appId } } })),
  });
}

export function useDocuments(appId: string, enabled = true) {
  const api = useProgram();
  return useQuery({
    queryKey: keys.documents(appId),
    queryFn: () =>
      unwrap(api.GET("/applications/{application_id}/documents", { params: { path: { application_id: appId } } })),
    enabled,
    // a document waits in "pending_scan" briefly: look again until every one is settled
    refetchInterval: (query) =>
      query.state.data?.items.some((doc) => doc.status === "uploading" || doc.status === "pending_scan") ? 2000 : false,
  });
}

/** The caller's company (404 until it has joined one: then null). */
export function useOrganisation() {
  const api = useProgram();
  return useQuery({
    queryKey: keys.organisation(),
    queryFn: async () => {
      try {
        return await unwrap(api.GET("/organisations/me"));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useConsentText() {
  const api = useProgram();
  return useQuery({ queryKey: keys.consent(), queryFn: () => unwrap(api.GET("/consent")), staleTime: Infinity });
}

/** The project of a selected application (404 until the round has started it: then null). */
export function useProjectOf(appId: string, enabled: boolean) {
  const api = useProgram();
  const projectId = projectIdFor(appId);
  return useQuery({
    queryKey: keys.project(projectId),
    queryFn: async () => {
      try {
        return await unwrap(api.GET("/projects/{project_id}", { params: { path: { project_id: projectId } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled,
  });
}

/** Refresh an application and everything derived from it after a change. */
export function useRefreshApplication(appId: string) {
  const client = useQueryClient();
  return (updated?: Application) => {
    if (updated) client.setQueryData(keys.application(appId), updated);
    void client.invalidateQueries({ queryKey: keys.application(appId) });
    void client.invalidateQueries({ queryKey: keys.applications() });
  };
}

export function useRemoveDocument(appId: string) {
  const api = useProgram();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (documentId: string) =>
      done(
        api.DELETE("/applications/{application_id}/documents/{document_id}", {
          params: { path: { application_id: appId, document_id: documentId } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: keys.documents(appId) }),
  });
}
