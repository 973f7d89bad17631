// Uploads through the presigned URL (XMLHttpRequest, for progress) and downloads through a short-lived URL.
import { ApiError, NetworkError } from "../../api/client";
import { unwrap, type ProgramClient } from "../../api/program";
import type { Document } from "../../api/types";
import type { CheckedFile, DocumentKind } from "../../domain/documents";

/** PUT the file to the presigned URL, reporting progress (0–100). */
export function putWithProgress(
  url: string,
  headers: Record<string, string>,
  file: Blob,
  onProgress: (percent: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(100);
        resolve();
      } else {
        reject(new ApiError(request.status, "upload_failed", request.responseText || "업로드하지 못했습니다.", undefined, undefined));
      }
    };
    request.onerror = () => reject(new NetworkError("the upload did not reach the store"));
    request.send(file);
  });
}

/** Declare the upload, send the bytes, then have the server record and check them. */
export async function uploadDocument(
  api: ProgramClient,
  applicationId: string,
  kind: DocumentKind,
  role: string,
  file: File,
  checked: CheckedFile,
  onProgress: (percent: number) => void,
): Promise<Document> {
  const path = { application_id: applicationId };
  const declared = await unwrap(
    api.POST("/applications/{application_id}/documents", {
      params: { path },
      body: { kind, filename: file.name, content_type: checked.contentType, size: file.size, role },
    }),
  );
  await putWithProgress(declared.upload_url, declared.headers, file, onProgress);
  return unwrap(
    api.POST("/applications/{application_id}/documents/{document_id}/complete", {
      params: { path: { ...path, document_id: declared.document.id } },
    }),
  );
}

/**
 * Fetch a document through its short-lived URL. `view` opens it in a new tab (the browser's own PDF or image
 * viewer, from a blob: address); otherwise it is saved under its name.
 */
export async function openDocument(api: ProgramClient, applicationId: string, documentId: string, view: boolean): Promise<void> {
  const target = view ? window.open("", "_blank") : null;
  try {
    const link = await unwrap(
      api.GET("/applications/{application_id}/documents/{document_id}/download", {
        params: { path: { application_id: applicationId, document_id: documentId } },
      }),
    );
    const response = await fetch(link.url, { credentials: "same-origin" });
    if (!response.ok) throw new ApiError(response.status, "download_failed", "파일을 내려받지 못했습니다.", undefined, undefined);
    const blob = new Blob([await response.arrayBuffer()], { type: link.content_type });
    const url = URL.createObjectURL(blob);
    if (target) {
      target.location.href = url;
    } else {
      saveUrl(url, link.filename);
    }
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    target?.close();
    throw error;
  }
}

/** Save what ``url`` (a blob: address) holds under ``filename``, as a click on a download link would. */
export function saveUrl(url: string, filename: string): void {
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
