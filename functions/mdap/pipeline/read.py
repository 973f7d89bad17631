"""read: raw objects -> one table in the contract's column names, with lineage; nothing read is ever lost.

Objects are read in key order (so a re-run sees rows in the same order). Headers map to columns through the
contract's names and aliases; unknown columns are reported and left out; ``name=value`` folders of the key fill
columns a file does not carry (the collector's ``source``), and ``site`` comes from the key or the Inbound. An
object that cannot be read at all becomes one quarantine entry (row number 0) and a report line; an empty object
is only reported. Text files keep each row's original cells as JSON (``_original``) for quarantine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline.columns import json_rows, quarantine_rows
from mdap.pipeline.contracts import SITE, Contract
from mdap.pipeline.formats import Parsed, UnreadableObject, is_empty, parse
from mdap.pipeline.stage import (
    OBJECT,
    ORIGINAL,
    QUARANTINE_SCHEMA,
    ROW,
    Inbound,
    Stage,
    concat_rejected,
    hive_values,
    reason_text,
)


def read_objects(contract: Contract, objects: Sequence[Inbound]) -> Stage:
    report: dict[str, Any] = {"objects": len(objects), "rows": 0, "formats": {}, "encodings": {},
                              "unknown_columns": {}, "missing_columns": {}, "empty_objects": [],
                              "unreadable_objects": {}}
    tables: list[pa.Table] = []
    rejected: list[pa.Table] = []
    for inbound in sorted(objects, key=lambda o: o.key):
        try:
            table, bad = _read_one(contract, inbound, report)
        except UnreadableObject as exc:
            rejected.append(_object_rejection(contract, inbound, exc.code, exc.detail, report))
            continue
        except Exception as exc:  # one damaged object must never lose the batch
            rejected.append(_object_rejection(contract, inbound, "unreadable_object", repr(exc)[:300], report))
            continue
        tables.append(table)
        rejected.append(bad)
    return Stage(unify(contract, tables), concat_rejected(rejected), report)


def _read_one(contract: Contract, inbound: Inbound, report: dict[str, Any]) -> tuple[pa.Table, pa.Table]:
    if is_empty(inbound.data):
        report["empty_objects"].append(inbound.key)
        return empty_raw(contract), QUARANTINE_SCHEMA.empty_table()
    parsed = parse(inbound.data, lambda cells: sum(contract.column_for(str(c)) is not None for c in cells if c))
    report["formats"][inbound.key] = parsed.format
    if parsed.encoding:
        report["encodings"][inbound.key] = parsed.encoding
    report["rows"] += parsed.table.num_rows + len(parsed.malformed)
    table = _lineage(contract, inbound, parsed)
    table = _to_contract_columns(contract, inbound, table, report)
    bad = [_malformed_rows(contract, inbound, parsed)]
    missing = [c.name for c in contract.columns if c.required and c.name in report["missing_columns"].get(
        inbound.key, [])]
    if missing and table.num_rows:
        reason = reason_text("missing_column", ", ".join(missing))
        bad.append(quarantine_rows(contract.name, table, "missing_column", reason))
        table = table.slice(0, 0)
    return table, concat_rejected(bad)


def _lineage(contract: Contract, inbound: Inbound, parsed: Parsed) -> pa.Table:
    table = parsed.table
    n = table.num_rows
    rows = pa.array(parsed.rows, pa.int64()) if parsed.rows is not None else pa.array(np.arange(1, n + 1))
    if parsed.text:
        table = table.append_column(ORIGINAL, json_rows(table))
    return table.append_column(OBJECT, constant(inbound.key, n)).append_column(ROW, rows)


def constant(value: str, n: int) -> pa.DictionaryArray:
    """``n`` times one text, dictionary-encoded: four bytes a row instead of the text."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([value], pa.string()))


def _to_contract_columns(contract: Contract, inbound: Inbound, table: pa.Table, report: dict[str, Any]) -> pa.Table:
    n = table.num_rows
    columns: dict[str, pa.Array | pa.ChunkedArray] = {}
    unknown = []
    for name in table.column_names:
        target = contract.column_for(name) if name not in (OBJECT, ROW, ORIGINAL) else name
        if target is None:
            unknown.append(name)
        elif target not in columns:
            columns[target] = table[name]
    if unknown:
        report["unknown_columns"][inbound.key] = unknown
    from_key = hive_values(inbound.key)
    missing = []
    for column in contract.columns:
        if column.name in columns:
            continue
        if column.name in from_key:
            columns[column.name] = constant(from_key[column.name], n)
        else:
            missing.append(column.name)
            columns[column.name] = pa.nulls(n, column.arrow_type)
    if missing:
        report["missing_columns"][inbound.key] = missing
    columns[SITE] = constant(inbound.site or from_key.get(SITE, ""), n)
    order = [c.name for c in contract.columns] + [SITE] + [n for n in (ORIGINAL, OBJECT, ROW) if n in columns]
    return pa.table({name: columns[name] for name in order})


def _malformed_rows(contract: Contract, inbound: Inbound, parsed: Parsed) -> pa.Table:
    if not parsed.malformed:
        return QUARANTINE_SCHEMA.empty_table()
    rows = parsed.malformed
    return pa.table({
        "dataset": [contract.name] * len(rows), "object": [inbound.key] * len(rows),
        "row_number": pa.array([m.row for m in rows], pa.int64()), "reason_code": [m.code for m in rows],
        "reason": [reason_text(m.code, "행", m.detail) for m in rows],
        "original": [json.dumps(m.cells, ensure_ascii=False) for m in rows],
    }, schema=QUARANTINE_SCHEMA)  # fmt: skip


def _object_rejection(contract: Contract, inbound: Inbound, code: str, detail: str,
                      report: dict[str, Any]) -> pa.Table:
    report["unreadable_objects"][inbound.key] = code if not detail else f"{code}: {detail}"
    original = json.dumps({"bytes": len(inbound.data), "error": detail}, ensure_ascii=False)
    return pa.table({"dataset": [contract.name], "object": [inbound.key], "row_number": pa.array([0], pa.int64()),
                     "reason_code": [code], "reason": [reason_text(code, "", detail)], "original": [original]},
                    schema=QUARANTINE_SCHEMA)


def empty_raw(contract: Contract) -> pa.Table:
    fields = [pa.field(c.name, c.arrow_type) for c in contract.columns]
    return pa.schema([*fields, (SITE, pa.string()), (OBJECT, pa.string()), (ROW, pa.int64())]).empty_table()


def unify(contract: Contract, tables: list[pa.Table]) -> pa.Table:
    """One table from per-object tables; a column typed differently by two objects (a Parquet timestamp and a CSV
    cell) becomes text, timestamps spelled in UTC ("…Z") so the text parser reads them back exactly."""
    tables = [t for t in tables if t.num_rows] or [empty_raw(contract)]
    if len(tables) == 1:
        return tables[0]
    names = list(dict.fromkeys(name for t in tables for name in t.column_names))
    types = {name: {_base(t.schema.field(name).type) for t in tables if name in t.column_names
                    and not pa.types.is_null(t.schema.field(name).type)} for name in names}
    aligned = [pa.table({name: _align(t, name, types[name]) for name in names}) for t in tables]
    return pa.concat_tables(aligned, promote_options="permissive").unify_dictionaries()


def _base(data_type: pa.DataType) -> pa.DataType:
    return data_type.value_type if pa.types.is_dictionary(data_type) else data_type


def _align(table: pa.Table, name: str, types: set[pa.DataType]) -> pa.Array | pa.ChunkedArray:
    if name not in table.column_names:
        target = next(iter(types)) if len(types) == 1 else pa.string()
        return pa.nulls(table.num_rows, target)
    values = table[name]
    if len(types) <= 1:
        return values
    base = _base(values.type)
    if pa.types.is_dictionary(values.type):
        values = values.cast(base)
    if pa.types.is_timestamp(base):
        return pc.strftime(values, format="%Y-%m-%dT%H:%M:%S.%fZ")
    return values.cast(pa.string())
