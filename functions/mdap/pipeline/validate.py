"""validate: every column to its contract type; rows that do not fit are quarantined with the first reason.

Typed input (the collector's Parquet) passes through untouched but for the required-value check; text cells are
parsed by ``coerce`` (numbers with units, Korean times). A cell that was written but does not parse is
``invalid_type`` (or ``unknown_unit``); an empty required cell is ``missing_value``; text that is not valid
UTF-8 is ``invalid_text``. Unknown assets (not in the asset master, when given) are reported, not rejected:
a new machine is news, not an error.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline import coerce
from mdap.pipeline.columns import Check, flat, plain, reject
from mdap.pipeline.contracts import ColumnSpec, Contract
from mdap.pipeline.stage import ORIGINAL, Stage, reason_text

Problem = tuple[str, Any, str]  # (reason code, mask of bad rows, detail for the reason text)
_LABELS = {"double": "숫자", "bigint": "정수", "timestamp": "일시", "date": "날짜", "boolean": "참/거짓",
           "string": "문자"}


def validate(contract: Contract, table: pa.Table, *, assets: pa.Table | None = None) -> Stage:
    textual = ORIGINAL in table.column_names
    checks: list[Check] = []
    for column in contract.columns:
        if column.name not in table.column_names:
            continue
        typed, problems = _typed(column, table[column.name], textual)
        table = table.set_column(table.schema.get_field_index(column.name), column.name, typed)
        checks += [(code, bad, reason_text(code, column.name, detail)) for code, bad, detail in problems]
        if column.required:
            checks.append(("missing_value", pc.is_null(typed), reason_text("missing_value", column.name)))
    kept, rejected, _ = reject(contract.name, table, checks)
    return Stage(kept, rejected, _report(contract, kept, assets))


def _typed(column: ColumnSpec, values: pa.Array | pa.ChunkedArray, textual: bool) -> tuple[Any, list[Problem]]:
    base = values.type.value_type if pa.types.is_dictionary(values.type) else values.type
    target = column.arrow_type
    if pa.types.is_string(base) or pa.types.is_large_string(base):
        return _from_text(column, values, textual)
    if base == target:
        return values, []
    if pa.types.is_timestamp(base) and pa.types.is_timestamp(target):
        return _utc(values), []
    if pa.types.is_integer(base) and column.type == "timestamp":
        return _from_text(column, values.cast(pa.string()), textual)
    if pa.types.is_integer(base) or pa.types.is_floating(base) or pa.types.is_boolean(base):
        return _number(column, values, base)
    return _from_text(column, plain(values).cast(pa.string()), textual)


def _from_text(column: ColumnSpec, values: pa.Array | pa.ChunkedArray, textual: bool) -> tuple[Any, list[Problem]]:
    checks: list[Problem] = []
    utf8 = _invalid_utf8(values)
    if utf8 is not None:
        checks.append(("invalid_text", utf8, ""))
        values = pc.if_else(utf8, pa.scalar(None, values.type), plain(values))
    if column.type == "string":
        return (coerce.text(flat(values)) if textual else values), checks
    cells = coerce.text(plain(values))
    unknown_unit = None
    if column.type == "double":
        parsed, unknown_unit = coerce.double(cells, column.unit)
    else:
        parsed = {"bigint": coerce.bigint, "timestamp": coerce.timestamp, "date": coerce.date,
                  "boolean": coerce.boolean}[column.type](cells)
    if unknown_unit is not None:
        checks.append(("unknown_unit", unknown_unit, column.unit or "없음"))
    unparsed = pc.and_(pc.is_valid(cells), pc.is_null(parsed))
    if unknown_unit is not None:
        unparsed = pc.and_(unparsed, pc.invert(unknown_unit))
    checks.append(("invalid_type", unparsed, _LABELS[column.type]))
    return parsed, checks


def _number(column: ColumnSpec, values: pa.Array | pa.ChunkedArray, base: pa.DataType) -> tuple[Any, list[Problem]]:
    if column.type == "double":
        return values.cast(pa.float64()), []
    if column.type == "bigint" and pa.types.is_integer(base):
        return values.cast(pa.int64()), []
    if column.type == "bigint":
        whole = pc.and_(pc.is_finite(values), pc.equal(pc.floor(values), values))
        whole = pc.and_(whole, pc.less(pc.abs(values), 9.0e18))
        cast = pc.cast(pc.if_else(whole, values, None), pa.int64())
        return cast, [("invalid_type", pc.and_(pc.is_valid(values), pc.invert(whole)), _LABELS["bigint"])]
    if column.type == "boolean":
        return pc.not_equal(values, 0), []
    return _from_text(column, values.cast(pa.string()), False)


def _utc(values: pa.Array | pa.ChunkedArray) -> Any:
    """Any timestamp unit or zone -> naive UTC microseconds (an aware value keeps its instant)."""
    unit_us = pa.timestamp("us", tz=values.type.tz) if values.type.tz else pa.timestamp("us")
    micros = values.cast(unit_us, safe=False)
    return micros.cast(pa.int64()).cast(pa.timestamp("us"))


def _invalid_utf8(values: pa.Array | pa.ChunkedArray) -> pa.Array | None:
    """Rows whose bytes are not UTF-8 (a Parquet writer can store any bytes as a string), else None."""
    array = flat(values)
    checked = array.dictionary if pa.types.is_dictionary(array.type) else array
    try:
        checked.validate(full=True)
        return None
    except pa.ArrowInvalid:
        pass
    binary = plain(array).cast(pa.binary(), safe=False).to_pylist()
    return pa.array([b is not None and not _decodes(b) for b in binary], pa.bool_())


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _report(contract: Contract, table: pa.Table, assets: pa.Table | None) -> dict[str, Any]:
    report: dict[str, Any] = {"rows": table.num_rows}
    if "asset" in table.column_names and "tag" in table.column_names and table.num_rows:
        series = table.select(["asset", "tag"]).group_by(["asset", "tag"], use_threads=False).aggregate([])
        report["series"] = series.num_rows
    if assets is not None and "asset" in table.column_names and "asset" in assets.column_names:
        seen = pc.unique(plain(table["asset"])).drop_null()
        unknown = pc.filter(seen, pc.invert(pc.is_in(seen, value_set=plain(assets["asset"]))))
        report["unknown_assets"] = sorted(unknown.to_pylist())
    return report
