"""File drop: CSV or JSON files that machines export into a folder.

A file is taken once it has not changed for ``settle_seconds`` and had the same size and modification time
at two scans in a row (a file still being written is skipped until then); hidden files and ``*.tmp``/
``*.part`` are never taken. Its readings are emitted in timestamp order, and only when the spool has made
them durable is the file moved to ``done/``. A file that cannot be read or mapped moves to ``failed/`` with
``<name>.reason.txt`` beside it. A crash between the spool commit and the move makes the file be read again
on the next start; its readings are then already held and dropped as such, so nothing doubles.
JSON files hold one object, a list of objects, or one object per line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from operator import itemgetter
from pathlib import Path
from typing import Any

from mdap_edge.reading import TS, Reading, ReceiveClock
from mdap_edge.sources import Source
from mdap_edge.sources.mapping import MappingError, RecordMapping

EMIT_ROWS = 10_000
_SKIP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".reason.txt")


class FileDropSource(Source):
    def run(self, stop: threading.Event) -> None:
        folder = Path(self.config["path"])
        pattern = self.config.get("pattern", f"*.{self.config['format']}")
        settle = float(self.config.get("settle_seconds", 2.0))
        every = float(self.config.get("scan_seconds", 1.0))
        mapping = RecordMapping(self.config["mapping"], "file")
        seen: dict[Path, tuple[int, float]] = {}
        receive = ReceiveClock()
        while not stop.is_set():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self.health.connected()
                for path in self._ready(folder, pattern, settle, seen):
                    if stop.is_set():
                        break
                    self._take(path, mapping, receive)
            except OSError as exc:
                self.health.failed(exc)
            stop.wait(every)

    @staticmethod
    def _ready(folder: Path, pattern: str, settle: float, seen: dict[Path, tuple[int, float]]) -> list[Path]:
        ready, now = [], time.time()
        current = {}
        for path in sorted(folder.glob(pattern)):
            if not path.is_file() or path.name.startswith(".") or path.name.endswith(_SKIP_SUFFIXES):
                continue
            stat = path.stat()
            current[path] = (stat.st_size, stat.st_mtime)
            if seen.get(path) == current[path] and now - stat.st_mtime >= settle:
                ready.append(path)
        seen.clear()
        seen.update(current)
        return ready

    def _take(self, path: Path, mapping: RecordMapping, receive: ReceiveClock) -> None:
        try:
            rows = sorted(self._readings(path, mapping, receive.now()), key=itemgetter(TS))
        except (OSError, UnicodeDecodeError, ValueError, MappingError, csv.Error) as exc:
            self.health.failed(f"{path.name}: {exc}")
            _move(path, "failed", reason=f"{type(exc).__name__}: {exc}")
            return
        ticket, accepted = 0, 0
        for start in range(0, len(rows), EMIT_ROWS):
            appended = self.emit(rows[start:start + EMIT_ROWS])
            ticket, accepted = appended.ticket, accepted + appended.accepted
        if self.durable(ticket, 30.0):  # else: leave it; the next scan reads it again
            self.health.received(accepted)
            _move(path, "done")

    def _readings(self, path: Path, mapping: RecordMapping, received: int) -> list[Reading]:
        text = path.read_bytes().decode(self.config.get("encoding", "utf-8"))
        text = text.removeprefix("\ufeff")  # Excel's UTF-8 byte order mark
        records = _csv(text) if self.config["format"] == "csv" else _json(text)
        rows: list[Reading] = []
        for number, record in enumerate(records, start=1):
            try:
                rows += mapping.readings(record, received=received)
            except MappingError as exc:
                raise MappingError(f"record {number}: {exc}") from None
        return rows


def _csv(text: str) -> list[dict[str, Any]]:
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def _json(text: str) -> list[Any]:
    try:
        document = json.loads(text)
        return document if isinstance(document, list) else [document]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def _move(path: Path, where: str, reason: str | None = None) -> None:
    target_dir = path.parent / where
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        target = target_dir / f"{path.stem}-{time.time_ns()}{path.suffix}"
    if reason is not None:
        (target_dir / f"{target.name}.reason.txt").write_text(reason + "\n", encoding="utf-8")
    os.replace(path, target)


SOURCE = FileDropSource
