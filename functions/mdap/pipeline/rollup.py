"""1-minute rollups of sensor readings: per site, asset, tag and minute — count, min, max, avg, last.

``count`` is every reading in the minute; min/max/avg/last are over the numeric values of readings whose quality
is not ``bad`` (a bad reading is kept in the curated table for diagnosis, not averaged into trends). ``last`` is
the value with the latest timestamp: the input is sorted by (site, asset, tag, ts) and aggregated single-threaded,
which keeps Arrow's ordered "last" well defined.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from mdap.pipeline.coerce import kst_dates
from mdap.pipeline.columns import plain

MINUTE_US = 60_000_000
ROLLUP_SCHEMA = pa.schema([
    ("asset", pa.string()), ("tag", pa.string()), ("minute", pa.timestamp("us")), ("count", pa.int64()),
    ("min", pa.float64()), ("max", pa.float64()), ("avg", pa.float64()), ("last", pa.float64()),
    ("site", pa.string()), ("date", pa.string()),
])  # fmt: skip


def rollup_1m(table: pa.Table) -> pa.Table:
    if not table.num_rows:
        return ROLLUP_SCHEMA.empty_table()
    micros = plain(table["ts"]).cast(pa.int64())
    minute = pc.multiply(pc.divide(micros, MINUTE_US), MINUTE_US)  # readings are after 2000: truncation is floor
    usable = pc.and_kleene(pc.is_valid(table["value"]), pc.not_equal(plain(table["quality"]), "bad"))
    value = pc.if_else(pc.fill_null(usable, False), plain(table["value"]), None)
    keys = {"site": plain(table["site"]), "asset": plain(table["asset"]), "tag": plain(table["tag"]),
            "minute": minute}
    grouped = pa.table({**keys, "value": value}).group_by(list(keys), use_threads=False).aggregate([
        ([], "count_all"), ("value", "min"), ("value", "max"), ("value", "mean"), ("value", "last"),
    ])  # fmt: skip
    minutes = grouped["minute"].cast(pa.timestamp("us"))
    out = pa.table({
        "asset": grouped["asset"], "tag": grouped["tag"], "minute": minutes, "count": grouped["count_all"],
        "min": grouped["value_min"], "max": grouped["value_max"], "avg": grouped["value_mean"],
        "last": grouped["value_last"], "site": grouped["site"], "date": kst_dates(minutes),
    }, schema=ROLLUP_SCHEMA)  # fmt: skip
    return out.sort_by([("site", "ascending"), ("asset", "ascending"), ("tag", "ascending"),
                        ("minute", "ascending")])
