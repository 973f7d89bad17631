"""The sensor-readings transform four ways, for the pipeline benchmark: ours, DuckDB SQL, Polars, pandas.

Every engine does the same work on the same raw objects (files under ``<in>/raw/sensor_readings/site=…/…``):
read them in key order; quarantine rows with a missing asset/tag/ts/quality, an unknown quality, a non-finite or
impossible value (|v| > 1e12), a clock before 2000 or more than 5 minutes ahead; map quality synonyms; drop
duplicates on (site, asset, tag, ts) keeping the first in (object key, row) order; sort by the keys; flag stuck
sensors (>= 10 equal values over >= 60 s), gaps (> 300 s) and late rows (> 24 h old); add the KST ``date``;
mask personal data in ``value_text`` (the same detector, per distinct value); neutralise formula text; write
Parquet (zstd) per (site, date) plus the quarantine rows. Run as ``python -m tests.bench.pipeline_engines ENGINE
IN OUT``: the child pins itself to one core and prints one JSON line (seconds, rows, peak RSS).
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.bench.pipeline_data import NOW

LIMIT_US = 300 * 1_000_000
STUCK_N, STUCK_US, GAP_US, LATE_US = 10, 60 * 1_000_000, 300 * 1_000_000, 24 * 3600 * 1_000_000
QUALITY = {"good": "good", "uncertain": "uncertain", "bad": "bad", "양호": "good", "불확실": "uncertain",
           "불량": "bad"}
FORMULA, SIGNED = r"^[=+\-@\t\r]", r"^[+-][0-9][0-9,]*(\.[0-9]+)?([eE][+-]?[0-9]+)?$"
NOW_US = int(NOW.timestamp()) * 1_000_000
OLDEST_US = int(datetime(2000, 1, 1, tzinfo=UTC).timestamp()) * 1_000_000
TEXT = ["asset", "tag", "value_text", "quality", "source", "device"]


def raw_files(root: Path) -> list[Path]:
    return sorted(root.glob("raw/sensor_readings/**/*.parquet"), key=lambda p: p.relative_to(root).as_posix())


def mask_text(values: list[str]) -> dict[str, str]:
    from mdap.domain.privacy.detect import mask_personal_data

    return {v: mask_personal_data(v)[0] for v in values}


def ours(root: Path, out: Path) -> int:
    import pyarrow.parquet as pq

    from mdap.pipeline.contracts import load_contracts
    from mdap.pipeline.enrich import write_options
    from mdap.pipeline.steps import Inbound, Pseudonymizer, Reference, clean, deidentify, enrich, read_objects, validate

    contract = load_contracts()["sensor_readings"]
    objects = [Inbound(p.relative_to(root).as_posix(), p.read_bytes()) for p in raw_files(root)]
    read = read_objects(contract, objects)
    del objects
    checked = validate(contract, read.table)
    del read
    cleaned = clean(contract, checked.table, now=NOW)
    rejected = [checked.rejected, cleaned.rejected]
    del checked
    private = deidentify(contract, cleaned.table, Pseudonymizer(b"bench-key-0123456789abcdef"))
    del cleaned
    curated = enrich(contract, private.table, Reference())
    del private
    rows: int = curated.num_rows
    import pyarrow as pa
    import pyarrow.compute as pc

    partitions = curated.select(["site", "date"]).group_by(["site", "date"], use_threads=False).aggregate([])
    for site, day in sorted(zip(partitions["site"].to_pylist(), partitions["date"].to_pylist(), strict=True)):
        whole = partitions.num_rows == 1  # one partition: no filtered copy of the table
        part = curated if whole else curated.filter(
            pc.and_(pc.equal(curated["site"], site), pc.equal(curated["date"], day)))
        part = part.drop_columns(["site", "date"])
        target = out / f"site={site}" / f"date={day}"
        target.mkdir(parents=True, exist_ok=True)
        pq.write_table(part, target / "part-0.parquet", **write_options(part))
        del part
    del curated
    pq.write_table(pa.concat_tables(rejected), out / "quarantine.parquet", compression="zstd")
    return rows


def duckdb_sql(root: Path, out: Path) -> int:
    import duckdb
    import pyarrow as pa

    con = duckdb.connect(config={"threads": 1, "preserve_insertion_order": True})
    files = [p.as_posix() for p in raw_files(root)]
    con.execute("CREATE TABLE files AS SELECT * FROM (SELECT unnest($1) AS f, generate_subscripts($1, 1) AS i)",
                [files])
    con.execute(_DUCKDB_CHECKED.format(files=files, oldest=OLDEST_US, future=NOW_US + LIMIT_US))
    con.execute("COPY (SELECT filename AS object, _row AS row_number, reason FROM checked WHERE reason IS NOT NULL)"
                f" TO '{out}/quarantine.parquet' (FORMAT parquet, COMPRESSION zstd)")
    candidates = [r[0] for r in con.execute(
        "SELECT DISTINCT value_text FROM checked WHERE reason IS NULL AND regexp_matches(value_text, '[0-9]{4}|@')"
    ).fetchall()]
    masks = mask_text(candidates)
    con.register("masks", pa.table({"original": list(masks), "masked": list(masks.values())}))
    con.execute(_DUCKDB_CURATED.format(stuck_n=STUCK_N, stuck_us=STUCK_US, gap_us=GAP_US,
                                       late_before=NOW_US - LATE_US, neutral=_duckdb_neutral()))
    con.execute(f"COPY curated TO '{out}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (site, date), "
                "OVERWRITE_OR_IGNORE)")
    counted = con.execute("SELECT count(*) FROM curated").fetchone()
    return int(counted[0]) if counted else 0


_DUCKDB_CHECKED = """
CREATE TABLE checked AS
SELECT r.* EXCLUDE (quality, file_row_number, hour),
       CASE r.quality WHEN 'good' THEN 'good' WHEN 'uncertain' THEN 'uncertain' WHEN 'bad' THEN 'bad'
            WHEN '양호' THEN 'good' WHEN '불확실' THEN 'uncertain' WHEN '불량' THEN 'bad' END AS quality,
       r.file_row_number + 1 AS _row, f.i AS _file,
       CASE WHEN r.asset IS NULL THEN 'missing_value' WHEN r.tag IS NULL THEN 'missing_value'
            WHEN r.ts IS NULL THEN 'missing_value' WHEN r.quality IS NULL THEN 'missing_value'
            WHEN r.quality NOT IN ('good', 'uncertain', 'bad', '양호', '불확실', '불량') THEN 'invalid_value'
            WHEN r.value IS NOT NULL AND (NOT isfinite(r.value) OR abs(r.value) > 1e12) THEN 'out_of_range'
            WHEN epoch_us(r.ts) < {oldest} THEN 'out_of_range'
            WHEN epoch_us(r.ts) > {future} THEN 'future_timestamp' END AS reason
FROM read_parquet({files}, hive_partitioning = true, filename = true, file_row_number = true) r
JOIN files f ON f.f = r.filename
"""

_DUCKDB_CURATED = """
CREATE TABLE curated AS
WITH stepped AS (  -- one window sort gives both the duplicates (same ts as the row before) and the gaps
  SELECT *, epoch_us(ts) AS us, lag(epoch_us(ts)) OVER w AS prev_us, lag(value) OVER w AS prev_value
  FROM checked WHERE reason IS NULL
  WINDOW w AS (PARTITION BY site, asset, tag ORDER BY ts, _file, _row)
), kept AS (
  SELECT *, CASE WHEN value IS NOT DISTINCT FROM prev_value AND NOT isnan(value) THEN 0 ELSE 1 END AS change
  FROM stepped WHERE prev_us IS DISTINCT FROM us
), runs AS (
  SELECT *, sum(change) OVER (PARTITION BY site, asset, tag ORDER BY ts ROWS UNBOUNDED PRECEDING) AS run FROM kept
), sized AS (
  SELECT *, count(*) OVER r AS run_n, max(us) OVER r - min(us) OVER r AS run_us
  FROM runs WINDOW r AS (PARTITION BY site, asset, tag, run)
)
SELECT {neutral}, ts, value, seq,
       (run_n >= {stuck_n} AND run_us >= {stuck_us} AND value IS NOT NULL AND NOT isnan(value)) AS stuck,
       CASE WHEN us - prev_us > {gap_us} THEN (us - prev_us) / 1e6 END AS gap_s, us < {late_before} AS late,
       site, strftime(ts + INTERVAL 9 HOUR, '%Y-%m-%d') AS date
FROM sized LEFT JOIN masks ON masks.original = sized.value_text
ORDER BY site, asset, tag, ts
"""


def _duckdb_neutral() -> str:
    parts = []
    for name in TEXT:
        source = "coalesce(masks.masked, value_text)" if name == "value_text" else name
        parts.append(f"CASE WHEN regexp_matches({source}, '{FORMULA}') AND NOT regexp_matches({source}, '{SIGNED}') "
                     f"THEN '''' || {source} ELSE {source} END AS {name}")
    return ", ".join(parts)


def polars_frame(root: Path, out: Path) -> int:
    import polars as pl

    files = [p.as_posix() for p in raw_files(root)]
    raw = pl.scan_parquet(files, hive_partitioning=True).with_row_index("_i").collect()
    reason = (pl.when(pl.any_horizontal(pl.col(c).is_null() for c in ("asset", "tag", "ts", "quality")))
              .then(pl.lit("missing_value"))
              .when(~pl.col("quality").cast(pl.String).is_in(list(QUALITY))).then(pl.lit("invalid_value"))
              .when(pl.col("value").is_not_null() & (~pl.col("value").is_finite() | (pl.col("value").abs() > 1e12)))
              .then(pl.lit("out_of_range"))
              .when(pl.col("ts").dt.epoch("us") < OLDEST_US).then(pl.lit("out_of_range"))
              .when(pl.col("ts").dt.epoch("us") > NOW_US + LIMIT_US).then(pl.lit("future_timestamp")))
    checked = raw.with_columns(reason.alias("reason"))
    del raw
    checked.filter(pl.col("reason").is_not_null()).select("_i", "reason").write_parquet(
        out / "quarantine.parquet", compression="zstd")
    keys = ["site", "asset", "tag", "ts"]
    kept = (checked.filter(pl.col("reason").is_null()).drop("reason")
            .with_columns(pl.col("quality").cast(pl.String).replace_strict(QUALITY))
            .sort(keys, maintain_order=True).unique(subset=keys, keep="first", maintain_order=True))
    del checked
    same = pl.all_horizontal(pl.col(c) == pl.col(c).shift(1) for c in ("site", "asset", "tag")).fill_null(False)
    us = pl.col("ts").dt.epoch("us")
    kept = kept.with_columns(
        same.alias("_same"), (us - us.shift(1)).alias("_delta"),
        pl.struct("site", "asset", "tag", "value").rle_id().alias("_run"),
    ).with_columns(
        ((pl.len().over("_run") >= STUCK_N) & ((us.max() - us.min()).over("_run") >= STUCK_US)
         & pl.col("value").is_not_null() & ~pl.col("value").is_nan()).alias("stuck"),
        pl.when(pl.col("_same") & (pl.col("_delta") > GAP_US)).then(pl.col("_delta") / 1e6).alias("gap_s"),
        (us < NOW_US - LATE_US).alias("late"),
        (pl.col("ts") + pl.duration(hours=9)).dt.strftime("%Y-%m-%d").alias("date"),
    )
    candidates = kept.select(pl.col("value_text").cast(pl.String).unique().drop_nulls()).filter(
        pl.col("value_text").str.contains("[0-9]{4}|@"))["value_text"].to_list()
    masks = mask_text(candidates)
    neutral = [_polars_neutral(name, masks if name == "value_text" else None) for name in TEXT]
    curated = kept.select(*neutral, "ts", "value", "seq", "stuck", "gap_s", "late", "site", "date")
    del kept
    for (site, day), part in curated.partition_by(["site", "date"], as_dict=True, maintain_order=True).items():
        target = out / f"site={site}" / f"date={day}"
        target.mkdir(parents=True, exist_ok=True)
        part.drop("site", "date").write_parquet(target / "part-0.parquet", compression="zstd")
    return curated.height


def _polars_neutral(name: str, masks: dict[str, str] | None) -> Any:
    import polars as pl

    column = pl.col(name).cast(pl.String)
    if masks:
        column = column.replace(masks)
    risky = column.str.contains(FORMULA) & ~column.str.contains(SIGNED)
    return pl.when(risky).then(pl.lit("'") + column).otherwise(column).alias(name)


def pandas_frame(root: Path, out: Path) -> int:
    import numpy as np
    import pandas as pd

    frames = []
    for index, path in enumerate(raw_files(root)):
        frame = pd.read_parquet(path)
        parts = dict(p.split("=", 1) for p in path.relative_to(root).parts if "=" in p)
        frame["site"], frame["source"], frame["_file"] = parts["site"], parts["source"], index
        frame["_row"] = np.arange(1, len(frame) + 1)
        frames.append(frame)
    df = pd.concat(frames, ignore_index=True)
    del frames
    quality = df["quality"].astype("object")
    us = df["ts"].astype("int64") // (1000 if df["ts"].dtype == "datetime64[ns]" else 1)
    reason = pd.Series(None, index=df.index, dtype="object")
    rules = [
        (df[["asset", "tag", "ts", "quality"]].isna().any(axis=1), "missing_value"),
        (~quality.isin(list(QUALITY)), "invalid_value"),
        (df["value"].notna() & (~np.isfinite(df["value"]) | (df["value"].abs() > 1e12)), "out_of_range"),
        (us < OLDEST_US, "out_of_range"), (us > NOW_US + LIMIT_US, "future_timestamp"),
    ]
    for mask, code in rules:
        reason = reason.where(~(mask & reason.isna()), code)
    df[reason.notna()].assign(reason=reason[reason.notna()])[["_file", "_row", "reason"]].to_parquet(
        out / "quarantine.parquet", compression="zstd")
    df = df[reason.isna()].copy()
    df["quality"] = df["quality"].astype("object").map(QUALITY)
    keys = ["site", "asset", "tag", "ts"]
    df = df.sort_values([*keys, "_file", "_row"], kind="stable").drop_duplicates(subset=keys, keep="first")
    series = df.groupby(["site", "asset", "tag"], observed=True, sort=False)
    us = df["ts"].astype("int64") // (1000 if df["ts"].dtype == "datetime64[ns]" else 1)
    delta = us - series["ts"].shift(1).astype("int64") // (1000 if df["ts"].dtype == "datetime64[ns]" else 1)
    change = (series["value"].shift(1) != df["value"]) | df["value"].isna()
    run = change.cumsum()
    size = run.map(run.value_counts())
    span = us.groupby(run).transform("max") - us.groupby(run).transform("min")
    df["stuck"] = (size >= STUCK_N) & (span >= STUCK_US) & df["value"].notna()
    df["gap_s"] = np.where(series["ts"].shift(1).notna() & (delta > GAP_US), delta / 1e6, np.nan)
    df["late"] = us < NOW_US - LATE_US
    df["date"] = (df["ts"] + pd.Timedelta(hours=9)).dt.strftime("%Y-%m-%d")
    masks = mask_text([v for v in df["value_text"].dropna().unique() if any(c.isdigit() for c in v) or "@" in v])
    df["value_text"] = df["value_text"].map(lambda v: masks.get(v, v) if isinstance(v, str) else v)
    for name in TEXT:
        text = df[name].astype("object")
        risky = text.str.match(FORMULA, na=False) & ~text.str.match(SIGNED, na=False)
        df[name] = text.where(~risky, "'" + text.astype(str))
    df = df.drop(columns=["_file", "_row", "hour"], errors="ignore")
    for (site, day), part in df.groupby(["site", "date"], sort=True):
        target = out / f"site={site}" / f"date={day}"
        target.mkdir(parents=True, exist_ok=True)
        part.drop(columns=["site", "date"]).to_parquet(target / "part-0.parquet", compression="zstd", index=False)
    return len(df)


ENGINES = {"ours": ours, "duckdb": duckdb_sql, "polars": polars_frame, "pandas": pandas_frame}


def _peak_mb() -> float:
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


MODULES = {"ours": ["mdap.pipeline.steps", "mdap.pipeline.enrich", "pyarrow.parquet"], "duckdb": ["duckdb"],
           "polars": ["polars"], "pandas": ["pandas", "numpy"]}


def main(engine: str, root: str, out: str) -> None:
    """Libraries are imported before the clock starts: the figure is the transform, not interpreter start-up."""
    import importlib

    os.sched_setaffinity(0, {int(os.environ.get("BENCH_CORE", "0"))})
    import pyarrow as pa

    for module in [*MODULES[engine], "mdap.domain.privacy.detect"]:
        importlib.import_module(module)
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    Path(out).mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = ENGINES[engine](Path(root), Path(out))
    seconds = time.perf_counter() - started
    print(json.dumps({"engine": engine, "seconds": seconds, "rows_out": rows, "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main(*sys.argv[1:4])
