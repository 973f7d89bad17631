// The documents of an application (R-DOC) and what an upload may be: the same table as the server's
// domain/program/documents.py, so a wrong type or size is refused before a byte moves; the server checks again.
export const MAX_BYTES = 20 * 1024 * 1024;

export type FileType = "pdf" | "hwp" | "hwpx" | "jpg" | "png" | "xlsx";

/** file type -> the content types the server accepts for it (the first is sent when the browser gives none) */
export const CONTENT_TYPES: Record<FileType, readonly string[]> = {
  pdf: ["application/pdf"],
  hwp: ["application/x-hwp", "application/haansofthwp", "application/vnd.hancom.hwp"],
  hwpx: ["application/hwp+zip", "application/vnd.hancom.hwpx"],
  jpg: ["image/jpeg"],
  png: ["image/png"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
};

const PAPERS: readonly FileType[] = ["pdf", "hwp", "hwpx", "jpg", "png"];

export type DocumentKind =
  | "application_form"
  | "consent_form"
  | "business_registration"
  | "factory_registration"
  | "local_tax_certificate"
  | "financial_statements"
  | "track_record"
  | "staff_cv"
  | "social_insurance_roster"
  | "budget_breakdown"
  | "quote"
  | "bonus_certificate"
  | "payment_request"
  | "bank_account"
  | "guarantee_insurance"
  | "final_report";

export const KINDS: Record<DocumentKind, { rule: string; types: readonly FileType[] }> = {
  application_form: { rule: "R-DOC-1", types: PAPERS },
  consent_form: { rule: "R-DOC-1", types: PAPERS },
  business_registration: { rule: "R-DOC-2", types: PAPERS },
  factory_registration: { rule: "R-DOC-2", types: PAPERS },
  local_tax_certificate: { rule: "R-DOC-2", types: PAPERS },
  financial_statements: { rule: "R-DOC-2", types: PAPERS },
  track_record: { rule: "R-DOC-3", types: PAPERS },
  staff_cv: { rule: "R-DOC-3", types: PAPERS },
  social_insurance_roster: { rule: "R-DOC-3", types: PAPERS },
  budget_breakdown: { rule: "R-DOC-4", types: [...PAPERS, "xlsx"] },
  quote: { rule: "R-DOC-4", types: PAPERS },
  bonus_certificate: { rule: "R-DOC-5", types: PAPERS },
  payment_request: { rule: "R-PAY-1", types: PAPERS },
  bank_account: { rule: "R-PAY-1", types: PAPERS },
  guarantee_insurance: { rule: "R-PAY-3", types: PAPERS },
  final_report: { rule: "R-FIN-2", types: PAPERS },
};

export const PAYMENT_DOCUMENTS: readonly DocumentKind[] = ["payment_request", "bank_account", "guarantee_insurance"];

const SUPPLIER_DOCUMENTS: readonly DocumentKind[] = [
  "business_registration",
  "track_record",
  "staff_cv",
  "social_insurance_roster",
];
const BY_ROLE: Record<string, readonly DocumentKind[]> = {
  adopter: [
    "application_form",
    "consent_form",
    "business_registration",
    "factory_registration",
    "local_tax_certificate",
  ],
  supplier: SUPPLIER_DOCUMENTS,
  solution_company: SUPPLIER_DOCUMENTS,
  consulting_company: SUPPLIER_DOCUMENTS,
};

/** role -> the kinds it must upload before the application can be submitted (R-DOC-1…5). */
export function requiredDocuments(roles: readonly string[], bonusClaimed: boolean): Record<string, DocumentKind[]> {
  const needed: Record<string, DocumentKind[]> = {};
  for (const role of roles) {
    const kinds = [...(BY_ROLE[role] ?? [])];
    if (role === "adopter") {
      kinds.push("budget_breakdown", "quote");
      if (bonusClaimed) kinds.push("bonus_certificate");
    }
    needed[role] = kinds;
  }
  return needed;
}

/** Optional kinds a role may add (evidence the review can use). */
export function optionalDocuments(role: string, bonusClaimed: boolean): DocumentKind[] {
  if (role !== "adopter") return [];
  return bonusClaimed ? ["financial_statements"] : ["financial_statements", "bonus_certificate"];
}

/** role -> kinds still missing, given what is uploaded (role -> kinds); empty when complete. */
export function missingDocuments(
  required: Record<string, readonly DocumentKind[]>,
  present: Record<string, readonly string[]>,
): Record<string, DocumentKind[]> {
  const missing: Record<string, DocumentKind[]> = {};
  for (const [role, kinds] of Object.entries(required)) {
    const have = new Set(present[role] ?? []);
    const absent = kinds.filter((kind) => !have.has(kind));
    if (absent.length) missing[role] = absent;
  }
  return missing;
}

export type FileProblem = "type" | "size" | "empty";

export interface CheckedFile {
  type: FileType;
  contentType: string;
}

/** The file's type and the content type to declare, or why the kind cannot take it. */
export function checkFile(
  kind: DocumentKind,
  file: { name: string; type: string; size: number },
): CheckedFile | FileProblem {
  const extension = (file.name.includes(".") ? (file.name.split(".").pop() ?? "") : "").toLowerCase();
  const type = (extension === "jpeg" ? "jpg" : extension) as FileType;
  const allowed = KINDS[kind].types;
  if (!allowed.includes(type)) return "type";
  const accepted = CONTENT_TYPES[type];
  const given = file.type.split(";")[0]?.trim().toLowerCase() ?? "";
  // Browsers often know no type for HWP files (""), or call them octet-stream: declare the canonical one.
  const contentType = accepted.includes(given)
    ? given
    : given === "" || given === "application/octet-stream"
      ? (accepted[0] ?? "")
      : null;
  if (contentType === null) return "type";
  if (file.size <= 0) return "empty";
  if (file.size > MAX_BYTES) return "size";
  return { type, contentType };
}

/** The accept attribute of a file input for a kind (extensions and content types). */
export function acceptFor(kind: DocumentKind): string {
  const types = KINDS[kind].types;
  const extensions = types.flatMap((type) => (type === "jpg" ? [".jpg", ".jpeg"] : [`.${type}`]));
  return [...extensions, ...types.flatMap((type) => CONTENT_TYPES[type])].join(",");
}

export function isDocumentKind(value: string): value is DocumentKind {
  return value in KINDS;
}
