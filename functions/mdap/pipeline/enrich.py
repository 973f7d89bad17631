"""enrich: production context from the references, then the curated shape (schema + partitions, key order).

- sensor readings: line and kind from the asset master; the shift and any planned stop (break, maintenance) at
  the reading's time from the shift calendar (a line's own calendar first, else the site's); the production order
  running on the asset at that time, and its item.
- production orders: the asset's kind and ideal cycle time (for the order's item, else the asset's default); how
  many inspections the order's lot had and how many failed.
- inspection records: the lot's order, item, line and asset; the shift at inspection time.
A missing reference leaves its columns null: enrichment adds context, it never drops a row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline import lookup
from mdap.pipeline.columns import plain
from mdap.pipeline.contracts import SITE, Contract
from mdap.pipeline.stage import Reference

Columns = dict[str, pa.Array]


def enrich(contract: Contract, table: pa.Table, reference: Reference) -> pa.Table:
    joins: dict[str, Callable[[pa.Table, Reference], Columns]] = {
        "sensor_readings": _sensor_readings, "production_orders": _production_orders,
        "inspection_records": _inspection_records,
    }
    added = joins[contract.name](table, reference) if contract.name in joins and table.num_rows else {}
    return curated(contract, table, added)


def curated(contract: Contract, table: pa.Table, added: Columns | None = None) -> pa.Table:
    """The table in the curated schema with its partition columns, in key order.

    Text data columns that arrive dictionary-encoded stay so (``dictionary<int32, string>``, the same values as
    the schema's ``string``; partition columns are always plain): decoding millions of repeated tags only for the
    Parquet writer to encode them again costs a third of the write. ``Contract.curated_schema()`` is the logical
    schema; ``write_options`` says how to write it.
    """
    added = added or {}
    arrays, fields = [], []
    for field in contract.curated_schema_with_partitions():
        source = added.get(field.name, table[field.name] if field.name in table.column_names else None)
        if source is None:
            array = pa.nulls(table.num_rows, field.type)
        elif (pa.types.is_dictionary(source.type) and source.type.value_type == field.type
              and field.name not in contract.partitions):
            array = source
        else:
            array = plain(source).cast(field.type)
        arrays.append(array)
        fields.append(field.with_type(array.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_options(table: pa.Table) -> dict[str, Any]:
    """``pyarrow.parquet.write_table`` keywords for curated data: zstd, dictionary pages for text columns only
    (numbers and timestamps rarely repeat; trying them costs time for nothing), statistics for pruning, row
    groups of about a million rows."""
    text = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_dictionary(f.type)]
    return {"compression": "zstd", "use_dictionary": text, "row_group_size": 1_048_576}


def _sensor_readings(table: pa.Table, reference: Reference) -> Columns:
    added: Columns = {}
    if reference.assets is not None:
        assets = _defaults_first(reference.assets)
        index = lookup.equal([table[SITE], table["asset"]], [assets[SITE], assets["asset"]])
        added["line"], added["asset_kind"] = lookup.take(assets["line"], index), lookup.take(assets["kind"], index)
    line = added.get("line", pa.nulls(table.num_rows, pa.string()))
    if reference.shifts is not None:
        added["shift"] = _shift_at(reference.shifts, table[SITE], line, table["ts"], ("work",), "shift")
        added["planned_stop"] = _shift_at(reference.shifts, table[SITE], line, table["ts"],
                                          ("break", "maintenance"), "kind")
    orders = reference.production_orders
    if orders is not None and orders.num_rows:
        index = lookup.containing([table[SITE], table["asset"]], table["ts"], [orders[SITE], orders["asset"]],
                                  orders["start"], orders["end"])
        added["order_no"], added["item"] = lookup.take(orders["order_no"], index), lookup.take(orders["item"], index)
    return added


def _production_orders(table: pa.Table, reference: Reference) -> Columns:
    added: Columns = {}
    if reference.assets is not None:
        assets = _defaults_first(reference.assets)
        exact = lookup.equal([table[SITE], table["asset"], table["item"]],
                             [assets[SITE], assets["asset"], assets["item"]])
        default = lookup.equal([table[SITE], table["asset"]], [assets[SITE], assets["asset"]])
        index = np.where(exact >= 0, exact, default)
        added["asset_kind"] = lookup.take(assets["kind"], index)
        added["ideal_cycle_s"] = lookup.take(assets["ideal_cycle_s"], index)
    inspections = reference.inspection_records
    if inspections is not None and inspections.num_rows:
        failed = pc.cast(pc.equal(plain(inspections["result"]), "fail"), pa.int64())
        counts = pa.table({SITE: plain(inspections[SITE]), "lot_no": plain(inspections["lot_no"]), "failed": failed})
        counts = counts.group_by([SITE, "lot_no"], use_threads=False).aggregate([([], "count_all"), ("failed", "sum")])
        index = lookup.equal([table[SITE], table["lot_no"]], [counts[SITE], counts["lot_no"]])
        added["inspected"] = lookup.take(counts["count_all"], index)
        added["failed"] = lookup.take(counts["failed_sum"], index)
    return added


def _inspection_records(table: pa.Table, reference: Reference) -> Columns:
    added: Columns = {}
    orders = reference.production_orders
    if orders is not None and orders.num_rows:
        index = lookup.equal([table[SITE], table["lot_no"]], [orders[SITE], orders["lot_no"]])
        for name in ("order_no", "item", "line", "asset"):
            added[name] = lookup.take(orders[name], index)
    if reference.shifts is not None:
        line = added.get("line", pa.nulls(table.num_rows, pa.string()))
        added["shift"] = _shift_at(reference.shifts, table[SITE], line, table["inspected_at"], ("work",), "shift")
    return added


def _shift_at(shifts: pa.Table, site: pa.Array, line: pa.Array, times: pa.Array, kinds: tuple[str, ...],
              column: str) -> pa.Array:
    """The ``column`` of the calendar interval of ``kinds`` containing each time: the line's own, else the site's."""
    chosen = shifts.filter(pc.is_in(plain(shifts["kind"]), value_set=pa.array(kinds)))
    for_lines = chosen.filter(pc.is_valid(chosen["line"]))
    for_site = chosen.filter(pc.is_null(chosen["line"]))
    own = lookup.containing([site, line], times, [for_lines[SITE], for_lines["line"]], for_lines["start"],
                            for_lines["end"])
    whole = lookup.containing([site], times, [for_site[SITE]], for_site["start"], for_site["end"])
    return pc.coalesce(lookup.take(for_lines[column], own), lookup.take(for_site[column], whole))


def _defaults_first(assets: pa.Table) -> pa.Table:
    """Asset rows without an item first, so an asset-level lookup finds the asset's default row."""
    if "item" not in assets.column_names:
        return assets.append_column("item", pa.nulls(assets.num_rows, pa.string()))
    no_item = pc.cast(pc.is_valid(assets["item"]), pa.int8())
    return assets.take(pc.sort_indices(pa.table({"k": no_item}), sort_keys=[("k", "ascending")]))
