"""Curated partitions written atomically per run, idempotently, with small files compacted.

A partition (``site=S/date=D/`` of one table) is the set of data files its **manifest** lists:
``{prefix}_symlink_format_manifest/{partition}manifest``, one S3 URI per line. Athena reads tables stored this
way through Hive's SymlinkTextInputFormat (as Delta Lake's manifests do); the DuckDB engine reads the same
manifests. Data files are immutable and named after the run that wrote them; a run commits a partition by
(1) writing its new files, (2) writing the bookkeeping ``{prefix}_parts/{partition}parts.json`` (each file's rows,
level and time range, and files retired from the manifest), (3) replacing the manifest in one PUT. Readers see
the old manifest or the new one, never a half-written partition. A failure before (3) leaves files no manifest
lists; the next commit of the partition (under the same lease discipline) starts from the bookkeeping, so rows
written by a step that was retried are never counted twice: a run already in the bookkeeping is not added again.

Files are sorted by the contract's keys, zstd-compressed, in row groups of 128 Ki rows. Each commit adds one
level-0 file; when ``fan_in`` files share a level they are merged into one file of the next level, so a partition
holds a few dozen files however many runs fed it, and each row is rewritten only a few times. Retired files are
deleted ``grace_seconds`` after retirement (queries that read the previous manifest still find them).

Contracts with ``keep: last`` (a later export supersedes): before the new file is added, rows with the same keys
are removed from the files that may hold them (those whose time range overlaps the new rows').
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from mdap.pipeline.keys import key_of_uri, manifest_key, object_uri, part_key, partition_path, parts_key
from mdap.ports.blobstore import BlobStore
from mdap.ports.errors import NotFound

ROW_GROUP_ROWS = 128 * 1024
FINAL_LEVEL = 99  # files never merged again
PARQUET = "application/vnd.apache.parquet"


@dataclass(frozen=True)
class Layout:
    """How one curated table is stored: the catalog's prefix and partition keys, the contract's schema and keys."""

    prefix: str
    partitions: tuple[str, ...]
    schema: pa.Schema  # data columns, without the partition keys
    sort_by: tuple[str, ...]  # the contract's keys that are data columns
    time_column: str | None = None
    supersede: bool = False  # keep: last


@dataclass(frozen=True)
class Part:
    key: str
    rows: int
    level: int
    run_id: str
    low: str | None = None  # time range of the rows (ISO), when the table has a time column
    high: str | None = None


@dataclass
class Book:
    parts: list[Part] = field(default_factory=list)
    retired: list[dict[str, str]] = field(default_factory=list)  # {"key", "at"}

    def to_json(self) -> bytes:
        return json.dumps({"parts": [asdict(p) for p in self.parts], "retired": self.retired},
                          ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Book:
        raw = json.loads(data)
        return cls([Part(**p) for p in raw["parts"]], list(raw["retired"]))


class CuratedWriter:
    def __init__(self, blobs: BlobStore, bucket: str, *, fan_in: int = 10, max_part_rows: int = 4_000_000,
                 grace_seconds: int = 900) -> None:
        self._blobs = blobs
        self._bucket = bucket
        self._fan_in = fan_in
        self._max_part_rows = max_part_rows
        self._grace = timedelta(seconds=grace_seconds)

    # -- reading ------------------------------------------------------------------------------------------
    def current(self, layout: Layout, values: Sequence[str], columns: Sequence[str] | None = None) -> pa.Table:
        """Every row the partition's bookkeeping lists (what the next manifest will list), ``columns`` only."""
        return self._read(layout, self._book(layout, values).parts, columns)

    def between(self, layout: Layout, values: Sequence[str], low: datetime, high: datetime,
                columns: Sequence[str]) -> pa.Table:
        """The partition's current rows whose time column lies in [low, high] (files outside are not read)."""
        assert layout.time_column is not None
        parts = [p for p in self._book(layout, values).parts if _overlaps(p, low.isoformat(), high.isoformat())]
        rows = self._read(layout, parts, columns)
        time = rows[layout.time_column]
        return rows.filter(pc.and_(pc.greater_equal(time, pa.scalar(low, time.type)),
                                   pc.less_equal(time, pa.scalar(high, time.type))))

    def existing_keys(self, layout: Layout, rows: pa.Table, keys: Sequence[str]) -> pa.Table | None:
        """The ``keys`` columns of curated rows in the partitions ``rows`` fall into, limited to files whose time
        range overlaps theirs; None when there are none (a first load)."""
        found = []
        for values, part_rows in split(rows, layout.partitions):
            low, high = _time_range(part_rows, layout.time_column)
            parts = [p for p in self._book(layout, values).parts if _overlaps(p, low, high)]
            data_keys = [k for k in keys if k not in layout.partitions]
            table = self._read(layout, parts, data_keys)
            for name, value in zip(layout.partitions, values, strict=True):
                if name in keys:
                    table = table.append_column(name, pa.array([value] * table.num_rows, pa.string()))
            found.append(table.select(list(keys)))
        tables = [t for t in found if t.num_rows]
        return pa.concat_tables(tables) if tables else None

    # -- committing ---------------------------------------------------------------------------------------
    def commit(self, layout: Layout, rows: pa.Table, *, run_id: str, now: datetime) -> list[str]:
        """Write ``rows`` (data columns + partition columns) into their partitions; the manifest keys written."""
        return [self._commit_partition(layout, values, part, run_id, now)
                for values, part in split(rows, layout.partitions)]

    def _commit_partition(self, layout: Layout, values: tuple[str, ...], rows: pa.Table, run_id: str,
                          now: datetime) -> str:
        book = self._book(layout, values)
        if not any(p.run_id == run_id for p in book.parts):  # a retried commit adds nothing twice
            data = _storage(rows, layout)
            if layout.supersede:
                self._supersede(layout, values, book, data, run_id, now)
            if data.num_rows:
                book.parts.append(self._write(layout, values, data, level=0, run_id=run_id, suffix="0"))
            self._compact(layout, values, book, run_id, now)
        self._collect(book, now)
        partition = partition_path(layout.partitions, values)
        self._blobs.put(parts_key(layout.prefix, partition), book.to_json(), content_type="application/json")
        manifest = manifest_key(layout.prefix, partition)
        lines = "".join(object_uri(self._bucket, p.key) + "\n" for p in sorted(book.parts, key=lambda p: p.key))
        self._blobs.put(manifest, lines.encode("utf-8"), content_type="text/plain")
        return manifest

    def _supersede(self, layout: Layout, values: tuple[str, ...], book: Book, data: pa.Table, run_id: str,
                   now: datetime) -> None:
        keys = [k for k in layout.sort_by if k in data.column_names]
        low, high = _time_range(data, layout.time_column)
        for part in [p for p in book.parts if _overlaps(p, low, high)]:
            old = self._read(layout, [part], None)
            kept = old.join(data.select(keys).group_by(keys).aggregate([]), keys, join_type="left anti")
            if kept.num_rows == old.num_rows:
                continue
            self._retire(book, [part], now)
            if kept.num_rows:
                book.parts.append(self._write(layout, values, kept, level=part.level, run_id=run_id,
                                              suffix=f"s{len(book.parts)}"))

    def _compact(self, layout: Layout, values: tuple[str, ...], book: Book, run_id: str, now: datetime) -> None:
        level = 0
        while level <= max((p.level for p in book.parts if p.level < FINAL_LEVEL), default=0):
            same = [p for p in book.parts if p.level == level]
            if len(same) >= self._fan_in:
                if sum(p.rows for p in same) > self._max_part_rows:  # big enough: left as they are from now on
                    gone = {p.key for p in same}
                    book.parts = [replace(p, level=FINAL_LEVEL) if p.key in gone else p for p in book.parts]
                else:
                    merged = self._read(layout, same, None)
                    self._retire(book, same, now)
                    book.parts.append(self._write(layout, values, merged, level=level + 1, run_id=run_id,
                                                  suffix=f"c{level + 1}"))
            level += 1

    def _retire(self, book: Book, parts: Iterable[Part], now: datetime) -> None:
        gone = {p.key for p in parts}
        book.parts = [p for p in book.parts if p.key not in gone]
        book.retired += [{"key": key, "at": now.isoformat()} for key in sorted(gone)]

    def _collect(self, book: Book, now: datetime) -> None:
        """Delete retired files no query can still be reading."""
        due = [r for r in book.retired if datetime.fromisoformat(r["at"]) + self._grace <= now]
        for entry in due:
            self._blobs.delete(entry["key"])
        book.retired = [r for r in book.retired if r not in due]

    def _write(self, layout: Layout, values: tuple[str, ...], data: pa.Table, *, level: int, run_id: str,
               suffix: str) -> Part:
        ordered = data.sort_by([(name, "ascending") for name in layout.sort_by if name in data.column_names])
        key = part_key(layout.prefix, partition_path(layout.partitions, values), run_id, suffix)
        self._blobs.put(key, parquet_bytes(ordered), content_type=PARQUET)
        low, high = _time_range(ordered, layout.time_column)
        return Part(key, ordered.num_rows, level, run_id, low, high)

    def _book(self, layout: Layout, values: Sequence[str]) -> Book:
        try:
            return Book.from_json(self._blobs.get(parts_key(layout.prefix, partition_path(layout.partitions, values))))
        except NotFound:
            return Book()

    def _read(self, layout: Layout, parts: Iterable[Part], columns: Sequence[str] | None) -> pa.Table:
        wanted = list(columns) if columns is not None else layout.schema.names
        schema = pa.schema([layout.schema.field(name) for name in wanted])
        tables = [pq.read_table(io.BytesIO(self._blobs.get(p.key)), columns=wanted).cast(schema) for p in parts]
        return pa.concat_tables(tables) if tables else schema.empty_table()

    def manifest_files(self, layout: Layout, values: Sequence[str]) -> list[str]:
        """The keys the partition's manifest lists now (what readers see)."""
        try:
            text = self._blobs.get(manifest_key(layout.prefix, partition_path(layout.partitions, values)))
        except NotFound:
            return []
        return [key_of_uri(line) for line in text.decode("utf-8").splitlines() if line.strip()]


def split(rows: pa.Table, partitions: Sequence[str]) -> list[tuple[tuple[str, ...], pa.Table]]:
    """Rows grouped by their partition values, in value order."""
    if not rows.num_rows:
        return []
    groups = rows.select(list(partitions)).group_by(list(partitions)).aggregate([])
    found = []
    for values in sorted(zip(*(groups[name].to_pylist() for name in partitions), strict=True)):
        mask = None
        for name, value in zip(partitions, values, strict=True):
            test = pc.equal(rows[name], pa.scalar(value, rows.schema.field(name).type))
            mask = test if mask is None else pc.and_(mask, test)
        found.append((tuple(str(v) for v in values), rows.filter(mask)))
    return found


def _storage(rows: pa.Table, layout: Layout) -> pa.Table:
    """The data columns in the layout's order and types (partition keys live in the path)."""
    return pa.table({f.name: rows[f.name].cast(f.type) if f.name in rows.column_names
                     else pa.nulls(rows.num_rows, f.type) for f in layout.schema}, schema=layout.schema)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    strings = [f.name for f in table.schema if pa.types.is_string(f.type)]
    pq.write_table(table, sink, compression="zstd", row_group_size=ROW_GROUP_ROWS, use_dictionary=strings or False,
                   write_statistics=True)
    return sink.getvalue()


def _time_range(rows: pa.Table, column: str | None) -> tuple[str | None, str | None]:
    if column is None or column not in rows.column_names or not rows.num_rows:
        return None, None
    bounds = pc.min_max(rows[column])
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    return (low.isoformat() if low is not None else None, high.isoformat() if high is not None else None)


def _overlaps(part: Part, low: str | None, high: str | None) -> bool:
    """Whether a file may hold rows of the range; unknown ranges (no time column, all-NULL) always may."""
    if low is None or high is None or part.low is None or part.high is None:
        return True
    return part.low <= high and low <= part.high
