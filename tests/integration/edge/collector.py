"""The collector under test as a real process (SIGTERM, kill -9), its configuration, status and lake."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import yaml

from mdap.adapters.local.table import SqliteTable
from mdap_edge.status import read_statuses

PREFIX = "raw/sensor_readings/"


class CollectorProcess:
    def __init__(self, workdir: Path, config: dict[str, Any], env: dict[str, str] | None = None) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.data_dir = workdir / "data"
        self.config_path = workdir / "collector.yaml"
        self.config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        self.env = {**os.environ, "MDAP_EDGE_LOG_LEVEL": "INFO", **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self.runs = 0

    def start(self) -> None:
        self.runs += 1
        log = open(self.workdir / f"collector-{self.runs}.log", "wb")  # noqa: SIM115 - the process owns it
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mdap_edge", "run", "--config", str(self.config_path),
             "--data-dir", str(self.data_dir)], stdout=log, stderr=subprocess.STDOUT, env=self.env)

    def terminate(self, timeout: float = 20) -> tuple[int, float]:
        """SIGTERM; the exit code and how long the process took to exit."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout)
        return code, time.monotonic() - started

    def kill9(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def log(self) -> str:
        return "\n".join((self.workdir / f"collector-{n}.log").read_text(errors="replace")[-3000:]
                         for n in range(1, self.runs + 1))

    def status(self) -> dict[str, Any]:
        path = self.data_dir / "table.sqlite3"
        try:
            records = read_statuses(SqliteTable(path)) if path.exists() else []
        except sqlite3.OperationalError:  # the collector is creating the file right now
            return {}
        return records[0] if records else {}

    def wait_connected(self, *names: str, timeout: float = 20) -> None:
        """Until the named sources report a connection (an MQTT session exists only from its first subscribe)."""
        def connected() -> bool:
            states = {source["name"]: source["state"] for source in self.status().get("sources", [])}
            return all(states.get(name) == "connected" for name in names)

        wait_for(connected, timeout, f"sources {names} connected\n{self.log()}")

    def spool_readings(self) -> int:
        return int(self.status().get("spool", {}).get("readings", -1))


def wait_for(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def rows_of(files: Iterable[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """Every row of the lake's raw_readings files, with site and source from the key."""
    rows = []
    for key, data in files:
        if not key.startswith(PREFIX) or not key.endswith(".parquet"):
            continue
        parts = dict(part.split("=", 1) for part in key[len(PREFIX):].split("/")[:-1])
        for row in pq.read_table(io.BytesIO(data)).to_pylist():
            rows.append({**row, "site": parts["site"], "source": parts["source"], "key": key})
    return rows


def local_lake(data_dir: Path) -> list[dict[str, Any]]:
    root = data_dir / "blobs" / "raw"
    files = [(str(p.relative_to(root)), p.read_bytes()) for p in sorted((root / PREFIX).rglob("*.parquet"))]
    return rows_of(files)


def duplicated_identities(rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], int]:
    counts = Counter((row["site"], row["asset"], row["tag"], row["ts"]) for row in rows)
    return {identity: n for identity, n in counts.items() if n > 1}


def mqtt_source(port: int, name: str = "broker") -> dict[str, Any]:
    return {"name": name, "kind": "mqtt", "url": f"mqtt://127.0.0.1:{port}", "topics": ["plant/#"],
            "client_id": f"collector-{name}",
            "mapping": {"asset": "{topic.1}", "tag": "{topic.2}", "ts": "$.ts", "value": "$.v"}}


def config(sources: list[dict[str, Any]], *, store: dict[str, Any] | None = None, max_seconds: float = 1,
           spool: dict[str, Any] | None = None, max_rows: int = 50_000) -> dict[str, Any]:
    return {"site": "test-site", "device": "edge-01", "spool": {"path": "spool", **(spool or {})},
            "batch": {"max_rows": max_rows, "max_seconds": max_seconds}, "store": store or {"kind": "local"},
            "status": {"kind": "local", "every_seconds": 1}, "sources": sources}


class UnmountedZone:
    """The local raw zone made unavailable (as a disk that went away): writes fail until ``mount``."""

    def __init__(self, data_dir: Path) -> None:
        self._zone = data_dir / "blobs" / "raw"
        self._away = self._zone.with_name("raw.unmounted")

    def unmount(self) -> None:
        if self._zone.exists():
            self._zone.rename(self._away)
        self._zone.parent.mkdir(parents=True, exist_ok=True)
        self._zone.write_text("not a folder")  # also before the first upload: the store cannot even open

    def mount(self) -> None:
        self._zone.unlink()
        if self._away.exists():
            self._away.rename(self._zone)


def object_times(data_dir: Path) -> dict[str, float]:
    """key -> when the local store recorded it (epoch seconds), from the zone's index."""
    import sqlite3
    from datetime import datetime

    with sqlite3.connect(data_dir / "blobs" / "raw.index.sqlite3") as conn:
        rows = conn.execute("SELECT key, last_modified FROM objects").fetchall()
    return {key: datetime.fromisoformat(stamp).timestamp() for key, stamp in rows}
