// Server state of the manual-data pages: datasets and their templates, uploads and their rows, and the steps
// of an upload (declare → send the file → check; commit; correct a row).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { unwrap, type ProgramClient } from "../../api/program";
import type { components } from "../../api/schema";
import { useProgram } from "../../api/useProgram";
import { putWithProgress, saveUrl } from "../shared/files";

export type Upload = components["schemas"]["DataUploadOut"];
export type UploadRow = components["schemas"]["RowOut"];
export type Dataset = components["schemas"]["DataDatasetOut"];

export const dataKeys = {
  datasets: () => ["data", "datasets"] as const,
  uploads: (site: string) => ["data", "uploads", site] as const,
  upload: (id: string) => ["data", "upload", id] as const,
  rows: (id: string) => ["data", "upload", id, "rows"] as const,
};

export function useDatasets() {
  const api = useProgram();
  return useQuery({ queryKey: dataKeys.datasets(), queryFn: () => unwrap(api.GET("/data/datasets")), staleTime: 300_000 });
}

export function useUploads(site: string) {
  const api = useProgram();
  return useQuery({
    queryKey: dataKeys.uploads(site),
    queryFn: () => unwrap(api.GET("/data/uploads", { params: { query: site ? { site } : {} } })),
  });
}

export function useUpload(id: string) {
  const api = useProgram();
  return useQuery({
    queryKey: dataKeys.upload(id),
    queryFn: () => unwrap(api.GET("/data/uploads/{upload_id}", { params: { path: { upload_id: id } } })),
  });
}

export function useUploadRows(id: string) {
  const api = useProgram();
  return useQuery({
    queryKey: dataKeys.rows(id),
    queryFn: () => unwrap(api.GET("/data/uploads/{upload_id}/rows", { params: { path: { upload_id: id } } })),
  });
}

export interface UploadRequest {
  dataset: string;
  site: string;
  file: File;
}

/** Declare the upload, send the file to its short-lived address, then have the server check it row by row. */
export function useUploadAndCheck(onProgress: (percent: number) => void) {
  const api = useProgram();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ dataset, site, file }: UploadRequest) => {
      const started = await unwrap(
        api.POST("/data/uploads", { body: { dataset, filename: file.name, size: file.size, ...(site ? { site } : {}) } }),
      );
      await putWithProgress(started.upload_url, started.headers, file, onProgress);
      return unwrap(api.POST("/data/uploads/{upload_id}/check", { params: { path: { upload_id: started.upload.id } } }));
    },
    onSuccess: (upload) => {
      client.setQueryData(dataKeys.upload(upload.id), upload);
      void client.invalidateQueries({ queryKey: ["data", "uploads"] });
    },
  });
}

export function useCommit(id: string) {
  const api = useProgram();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/data/uploads/{upload_id}/commit", { params: { path: { upload_id: id } } })),
    onSuccess: (upload) => {
      client.setQueryData(dataKeys.upload(id), upload);
      void client.invalidateQueries({ queryKey: ["data", "uploads"] });
    },
  });
}

export function useCorrect(id: string) {
  const api = useProgram();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ row, cells, version }: { row: number; cells: Record<string, string | null>; version: number }) =>
      unwrap(
        api.PUT("/data/uploads/{upload_id}/rows/{row}", {
          params: { path: { upload_id: id, row: String(row) } },
          body: { cells, expect_version: version },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: dataKeys.upload(id) });
      void client.invalidateQueries({ queryKey: dataKeys.rows(id) });
    },
  });
}

/** Save a file the server prepared (a template, the rejected rows) under its name. */
export async function saveLink(link: Promise<{ url: string; filename: string }>): Promise<void> {
  const { url, filename } = await link;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new ApiError(response.status, "download_failed", "파일을 내려받지 못했습니다.", "The file could not be downloaded.", undefined);
  const blobUrl = URL.createObjectURL(await response.blob());
  saveUrl(blobUrl, filename);
  window.setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
}

export function templateLink(api: ProgramClient, dataset: string, format: "xlsx" | "csv") {
  return unwrap(api.GET("/data/templates/{dataset}", { params: { path: { dataset }, query: { format } } }));
}

export function rejectedLink(api: ProgramClient, id: string) {
  return unwrap(api.GET("/data/uploads/{upload_id}/rejected", { params: { path: { upload_id: id } } }));
}
