import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { AuditEntry } from "../../api/types";
import { useI18n } from "../../i18n/I18nProvider";
import { DataTable } from "../../ui/DataTable";
import { QueryView } from "../../ui/QueryView";
import { useFormat } from "../../ui/useFormat";

/** A page of the audit trail as the API answers it (entries are free-form objects in the document). */
export interface AuditPage {
  items: object[];
  cursor?: string | null;
}

/** What changed, in short: the fields an entry's before/after name, with the new values. */
export function describeChange(entry: AuditEntry): string {
  const after = entry.after;
  if (after && typeof after === "object" && !Array.isArray(after)) {
    return Object.entries(after as Record<string, unknown>)
      .map(([name, value]) => `${name}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
      .join("; ")
      .slice(0, 240);
  }
  return after === null || after === undefined ? "" : String(after).slice(0, 240);
}

/** An append-only audit trail (newest first after loading), paged by the server's cursor. */
export function AuditTrail({
  queryKey,
  load,
  caption,
}: {
  queryKey: readonly unknown[];
  load: (cursor: string | undefined) => Promise<AuditPage>;
  caption: string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => load(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.cursor ?? undefined,
  });
  const columns: ColumnDef<AuditEntry>[] = [
    { id: "at", header: t("audit.at"), accessorFn: (e) => e.at, cell: ({ row }) => format.dateTime(row.original.at) },
    { id: "actor", header: t("audit.actor"), accessorFn: (e) => e.actor },
    { id: "action", header: t("audit.action"), accessorFn: (e) => e.action },
    { id: "change", header: t("audit.change"), accessorFn: (e) => [describeChange(e), e.note].filter(Boolean).join(" — ") },
  ];
  return (
    <QueryView query={query}>
      {(data) => {
        const entries = data.pages.flatMap((page) => page.items as AuditEntry[]);
        return (
          <>
            <DataTable
              data={entries}
              columns={columns}
              caption={caption}
              initialSorting={[{ id: "at", desc: true }]}
              getRowId={(entry) => entry.id}
              empty={t("audit.empty")}
            />
            {query.hasNextPage && (
              <button
                type="button"
                className="krds-btn small secondary"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
              >
                {query.isFetchingNextPage ? t("loading") : t("ui.more")}
              </button>
            )}
          </>
        );
      }}
    </QueryView>
  );
}
