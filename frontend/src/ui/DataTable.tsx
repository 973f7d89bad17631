import {
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useId, useMemo, useState, type ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider";

export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, any>[];
  /** What the table shows: the caption screen readers announce, also the heading of the mobile cards. */
  caption: string;
  captionHidden?: boolean;
  pageSize?: number;
  filter?: boolean;
  initialSorting?: SortingState;
  rowClassName?: (row: T) => string | undefined;
  empty?: ReactNode;
  getRowId?: (row: T) => string;
}

/**
 * A header or cell as its definition says, called as a function. (flexRender would mount each definition as a
 * component; our definitions are new functions on every render, so the cells would be replaced each time and a
 * focused link in them would lose the focus.)
 */
function renderSlot<C>(slot: unknown, context: C): ReactNode {
  return typeof slot === "function" ? (slot as (context: C) => ReactNode)(context) : (slot as ReactNode);
}

function headerText<T>(column: ColumnDef<T>): string {
  return typeof column.header === "string" ? column.header : (column.id ?? "");
}

/**
 * A data table (TanStack Table): sorting by column, a text filter, paging. On narrow screens the rows become
 * cards (each cell labelled with its column) and sorting is a select, so nothing scrolls sideways.
 */
export function DataTable<T>({
  data,
  columns,
  caption,
  captionHidden = false,
  pageSize = 10,
  filter = true,
  initialSorting = [],
  rowClassName,
  empty,
  getRowId,
}: DataTableProps<T>) {
  const { t } = useI18n();
  const id = useId();
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [globalFilter, setGlobalFilter] = useState("");
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize });
  // TanStack caches each row's values until `data` changes; ours also depend on the language and on names
  // loaded by other queries, so a change in what the accessors say is a change of data.
  const said = JSON.stringify(
    data.map((row, index) =>
      columns.map((column) => ("accessorFn" in column && column.accessorFn ? column.accessorFn(row, index) : null)),
    ),
  );
  const rowsData = useMemo(() => data.slice(), [data, said]); // `said` is the trigger
  const table = useReactTable({
    data: rowsData,
    columns,
    state: { sorting, globalFilter, pagination },
    onSortingChange: setSorting,
    onGlobalFilterChange: (value: string) => {
      setGlobalFilter(value);
      setPagination((current) => ({ ...current, pageIndex: 0 }));
    },
    onPaginationChange: setPagination,
    autoResetPageIndex: false,
    globalFilterFn: "includesString",
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    getRowId,
  });
  const rows = table.getRowModel().rows;
  const filtered = table.getFilteredRowModel().rows.length;
  const pages = table.getPageCount();
  const sortable = table.getAllLeafColumns().filter((column) => column.getCanSort());
  const current = sorting[0];

  return (
    <div className="data-table">
      {filter && data.length > 0 && (
        <div className="table-tools">
          <div className="form-group table-filter">
            <div className="form-tit">
              <label htmlFor={`${id}-filter`}>{t("table.filter")}</label>
            </div>
            <div className="form-conts">
              <input
                id={`${id}-filter`}
                className="krds-input"
                type="search"
                value={globalFilter}
                aria-describedby={`${id}-count`}
                onChange={(event) => setGlobalFilter(event.target.value)}
              />
            </div>
          </div>
          {sortable.length > 0 && (
            <div className="form-group table-sort-mobile">
              <div className="form-tit">
                <label htmlFor={`${id}-sort`}>{t("table.sort")}</label>
              </div>
              <div className="form-conts">
                <select
                  id={`${id}-sort`}
                  className="krds-form-select"
                  value={current ? `${current.id}:${current.desc ? "desc" : "asc"}` : ""}
                  onChange={(event) => {
                    const [column, direction] = event.target.value.split(":");
                    setSorting(column ? [{ id: column, desc: direction === "desc" }] : []);
                  }}
                >
                  <option value="">{t("table.sortDefault")}</option>
                  {sortable.flatMap((column) =>
                    (["asc", "desc"] as const).map((direction) => (
                      <option key={`${column.id}:${direction}`} value={`${column.id}:${direction}`}>
                        {t("table.sortOption", {
                          column: headerText(column.columnDef),
                          direction: t(direction === "asc" ? "table.sortedAsc" : "table.sortedDesc"),
                        })}
                      </option>
                    )),
                  )}
                </select>
              </div>
            </div>
          )}
        </div>
      )}
      {filter && data.length > 0 && (
        <p id={`${id}-count`} className="table-count" aria-live="polite">
          {globalFilter ? t("table.filtered", { count: filtered, total: data.length }) : t("table.count", { count: data.length })}
        </p>
      )}
      {rows.length === 0 ? (
        <div className="empty-state">{data.length === 0 ? (empty ?? t("ui.empty")) : t("table.noMatch")}</div>
      ) : (
        <div className="krds-table-wrap">
          {/* explicit roles: on narrow screens the rows are laid out as cards, and the table must stay a table */}
          <table className="tbl col data" role="table">
            <caption className={captionHidden ? "sr-only" : undefined}>{caption}</caption>
            <thead role="rowgroup">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id} role="row">
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const label = renderSlot(header.column.columnDef.header, header.getContext());
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        role="columnheader"
                        aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                      >
                        {header.column.getCanSort() ? (
                          <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                            {label}
                            <span className="sr-only">, {t("table.sortBy", { column: headerText(header.column.columnDef) })}</span>
                            <span className="sort-mark" aria-hidden="true">
                              {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                            </span>
                          </button>
                        ) : (
                          label
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody role="rowgroup">
              {rows.map((row) => (
                <tr key={row.id} role="row" className={rowClassName?.(row.original)}>
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} role="cell" data-label={headerText(cell.column.columnDef)}>
                      <span className="cell-value">{renderSlot(cell.column.columnDef.cell, cell.getContext())}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav className="krds-pagination table-pages" aria-label={`${caption} ${t("table.pagination")}`}>
          <button
            type="button"
            className="krds-btn small secondary"
            onClick={() => table.previousPage()}
            disabled={!table.getCanPreviousPage()}
          >
            {t("table.prev")}
          </button>
          <span className="page-now">
            {t("table.page", { page: table.getState().pagination.pageIndex + 1, pages })}
          </span>
          <button
            type="button"
            className="krds-btn small secondary"
            onClick={() => table.nextPage()}
            disabled={!table.getCanNextPage()}
          >
            {t("table.next")}
          </button>
        </nav>
      )}
    </div>
  );
}
