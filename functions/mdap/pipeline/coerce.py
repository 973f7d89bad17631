"""Text cells -> typed Arrow arrays, vectorised; a cell that does not parse becomes null (the caller flags it).

Shop-floor files write numbers as "1,234", "12.5 ms" or "1500ms", times as "2024.03.05 14:30", "2024/3/5 오후
2:30:00" or ISO 8601 with an offset. Text times without an offset are Korean Standard Time (files are written on
the shop floor); typed Parquet timestamps are UTC (the edge collector's convention). Everything is stored as
naive UTC microseconds, like the raw zone. Numbers with a unit are converted to the column's unit.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

KST_US = 9 * 3600 * 1_000_000
_NUMBER = r"^(?P<n>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(?P<u>[^0-9\s].*)?$"
_INTEGER = r"^(?P<n>[+-]?[0-9]{1,18})(?:\.0*)?$"
_TIME = (r"^(?P<y>[0-9]{4})[-./](?P<mo>[0-9]{1,2})[-./](?P<d>[0-9]{1,2})\.?"
         r"(?:(?:[T ]+)(?P<ap>오전|오후|AM|PM|am|pm)?\s*(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})"
         r"(?::(?P<s>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?\s*(?P<ap2>AM|PM|am|pm)?)?"
         r"\s*(?P<tz>Z|z|[+-][0-9]{2}:?[0-9]{2})?$")
_EPOCH = r"^[0-9]{10}$|^[0-9]{13}$|^[0-9]{16}$"  # seconds, milliseconds, microseconds since 1970 (UTC)
# Unit -> factor to the canonical unit, by canonical unit. Affine units (°F) are not converted: they are refused.
UNITS: dict[str, dict[str, float]] = {
    "s": {"s": 1, "sec": 1, "초": 1, "ms": 1e-3, "msec": 1e-3, "min": 60, "분": 60, "h": 3600, "hr": 3600,
          "시간": 3600},
    "mm": {"mm": 1, "cm": 10, "m": 1000, "um": 1e-3, "µm": 1e-3, "μm": 1e-3},
    "kg": {"kg": 1, "g": 1e-3, "t": 1000, "ton": 1000},
    "kpa": {"kpa": 1, "pa": 1e-3, "mpa": 1000, "bar": 100},
    "%": {"%": 1},
}
_BOOLEAN = {"true": True, "1": True, "yes": True, "y": True, "예": True, "o": True,
            "false": False, "0": False, "no": False, "n": False, "아니오": False, "x": False}


def text(values: pa.Array) -> pa.Array:
    """Trimmed text; empty cells are null."""
    trimmed = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def double(values: pa.Array, unit: str | None) -> tuple[pa.Array, pa.Array]:
    """(numbers in ``unit``, mask of cells whose unit is unknown). Thousands separators are ignored."""
    parts = pc.extract_regex(pc.replace_substring(text(values), ",", ""), _NUMBER)
    numbers = pc.cast(pc.struct_field(parts, "n"), pa.float64())
    units = pc.utf8_lower(pc.utf8_trim_whitespace(pc.struct_field(parts, "u")))
    has_unit = pc.fill_null(pc.not_equal(units, ""), False)
    factors = UNITS.get((unit or "").lower(), {})
    if not factors:
        return pc.if_else(has_unit, pa.scalar(None, pa.float64()), numbers), has_unit
    names = pa.array(list(factors), pa.string())
    factor = pc.take(pa.array(list(factors.values()), pa.float64()), pc.index_in(units, value_set=names))
    unknown = pc.and_(has_unit, pc.is_null(factor))
    scaled = pc.multiply(numbers, pc.if_else(has_unit, factor, 1.0))
    return scaled, pc.fill_null(unknown, False)


def bigint(values: pa.Array) -> pa.Array:
    """Whole numbers up to 18 digits ("1,234", "12.0" from a spreadsheet); anything else is null."""
    parts = pc.extract_regex(pc.replace_substring(text(values), ",", ""), _INTEGER)
    return pc.cast(pc.struct_field(parts, "n"), pa.int64())


def boolean(values: pa.Array) -> pa.Array:
    lowered = pc.utf8_lower(text(values))
    names = pa.array(list(_BOOLEAN), pa.string())
    return pc.take(pa.array(list(_BOOLEAN.values()), pa.bool_()), pc.index_in(lowered, value_set=names))


def timestamp(values: pa.Array) -> pa.Array:
    """Naive UTC microseconds from text times (KST unless an offset is written) or epoch numbers."""
    cells = text(values)
    parts = pc.extract_regex(cells, _TIME)

    def field(name: str) -> pa.Array:
        return pc.struct_field(parts, name)

    hour = pc.cast(pc.if_else(pc.equal(field("h"), ""), "0", field("h")), pa.int64())
    meridiem = pc.binary_join_element_wise(field("ap"), field("ap2"), "")
    pm = pc.is_in(meridiem, value_set=pa.array(["오후", "PM", "pm"]))
    am = pc.is_in(meridiem, value_set=pa.array(["오전", "AM", "am"]))
    hour = pc.if_else(pc.and_(pm, pc.less(hour, 12)), pc.add(hour, 12), pc.if_else(pc.and_(am, pc.equal(hour, 12)),
                                                                                     0, hour))
    clock = _join([_pad(field("y"), 4), "-", _pad(field("mo"), 2), "-", _pad(field("d"), 2), " ",
                   _pad(pc.cast(hour, pa.string()), 2), ":", _pad(_or(field("mi"), "00"), 2), ":",
                   _pad(_or(field("s"), "00"), 2)])
    parsed = pc.strptime(clock, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
    roundtrip = pc.equal(pc.strftime(parsed, format="%Y-%m-%d %H:%M:%S"), clock)  # strptime rolls 02-30 over
    seconds = pc.cast(pc.if_else(roundtrip, parsed, None), pa.int64())
    micros = pc.add(pc.multiply(seconds, 1_000_000), _fraction_us(field("f")))
    utc = pc.subtract(micros, _offset_us(field("tz")))
    return pc.cast(pc.coalesce(utc, _epoch_us(cells)), pa.timestamp("us"))


def _epoch_us(cells: pa.Array) -> pa.Array:
    digits = pc.if_else(pc.match_substring_regex(cells, _EPOCH), cells, None)
    number = pc.cast(digits, pa.int64())
    length = pc.utf8_length(digits)
    scale = pc.if_else(pc.equal(length, 10), 1_000_000, pc.if_else(pc.equal(length, 13), 1000, 1))
    return pc.multiply(number, scale)


def _offset_us(zone: pa.Array) -> pa.Array:
    """Microseconds to subtract to reach UTC: the written offset, else KST's nine hours."""
    digits = pc.replace_substring(zone, ":", "")
    has_offset = pc.match_substring_regex(digits, r"^[+-][0-9]{4}$")
    digits = pc.if_else(pc.fill_null(has_offset, False), digits, "+0000")
    hours = pc.cast(pc.utf8_slice_codeunits(digits, 1, 3), pa.int64())
    minutes = pc.cast(pc.utf8_slice_codeunits(digits, 3, 5), pa.int64())
    size = pc.multiply(pc.add(pc.multiply(hours, 60), minutes), 60_000_000)
    signed = pc.if_else(pc.starts_with(digits, "-"), pc.negate(size), size)
    utc = pc.is_in(zone, value_set=pa.array(["Z", "z"]))
    return pc.if_else(utc, 0, pc.if_else(pc.fill_null(has_offset, False), signed, KST_US))


def _fraction_us(fraction: pa.Array) -> pa.Array:
    six = pc.utf8_slice_codeunits(pc.utf8_rpad(fraction, 6, "0"), 0, 6)
    return pc.cast(_or(six, "0"), pa.int64())


def _pad(values: pa.Array, width: int) -> pa.Array:
    return pc.utf8_lpad(values, width, "0")


def _or(values: pa.Array, default: str) -> pa.Array:
    return pc.if_else(pc.equal(values, ""), default, values)


def _join(pieces: list[pa.Array | str]) -> pa.Array:
    return pc.binary_join_element_wise(*pieces, "")


def date(values: pa.Array) -> pa.Array:
    """A calendar date ("2024-03-05", "2024.3.5"): the date as written, no time zone shift."""
    parts = pc.extract_regex(text(values), r"^(?P<y>[0-9]{4})[-./](?P<mo>[0-9]{1,2})[-./](?P<d>[0-9]{1,2})\.?$")
    iso = _join([_pad(pc.struct_field(parts, "y"), 4), "-", _pad(pc.struct_field(parts, "mo"), 2), "-",
                 _pad(pc.struct_field(parts, "d"), 2)])
    parsed = pc.strptime(iso, format="%Y-%m-%d", unit="s", error_is_null=True)
    valid = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), iso)
    return pc.cast(pc.if_else(valid, parsed, None), pa.date32())


def kst_dates(ts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """YYYY-MM-DD in Korean Standard Time of naive-UTC timestamps: few distinct days, so computed once each."""
    days = pc.floor(pc.divide(pc.add(pc.cast(ts, pa.int64()), KST_US).cast(pa.float64()), 86_400_000_000.0))
    days = pc.cast(days, pa.int64())
    distinct = pc.unique(days).drop_null()
    labels = pc.strftime(pc.cast(pc.multiply(distinct, 86_400), pa.timestamp("s")), format="%Y-%m-%d")
    return pc.take(labels, pc.index_in(days, value_set=distinct))
