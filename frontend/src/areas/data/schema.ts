// The upload form's rules, the same as the server's (domain/manual): a CSV or XLSX file of at most 10 MB, a
// dataset, and for staff the site the data belongs to.
import { z } from "zod";
import { SITE_ID } from "../../forms/schemas";

export const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = /\.(csv|xlsx)$/i;

export function uploadSchema(needsSite: boolean) {
  return z
    .object({ dataset: z.string().min(1, { message: "v.choose" }), site: z.string(), file: z.custom<FileList>() })
    .superRefine((value, context) => {
      if (needsSite && !SITE_ID.test(value.site.trim())) context.addIssue({ code: "custom", message: "v.site", path: ["site"] });
      const file = value.file?.[0];
      if (!file) context.addIssue({ code: "custom", message: "data.v.file", path: ["file"] });
      else if (!TYPES.test(file.name)) context.addIssue({ code: "custom", message: "data.v.fileType", path: ["file"] });
      else if (file.size === 0 || file.size > MAX_BYTES) context.addIssue({ code: "custom", message: "data.v.fileSize", path: ["file"] });
    });
}

export type UploadValues = z.input<ReturnType<typeof uploadSchema>>;
