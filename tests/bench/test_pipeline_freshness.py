"""Freshness of the preprocessing pipeline (issue 10): the time from a reading's timestamp to its row being
queryable in ``sensor_readings_clean``, p50 and p95 over a few minutes (goal p95 <= 60 s).

Every second the watcher asks the local engine (DuckDB over the same data directory, as ``mdap query`` does) for
the rows newer than each series' last seen reading; a row seen for the first time at poll time T counts
``T - ts`` (an upper bound, by at most the poll interval). Readings from before the watch started are ignored.

Two ways to run it:
- against a running ``make run`` (the platform, the demo factory and its collector)::

      .venv/bin/python tests/bench/test_pipeline_freshness.py --data-dir .mdap --minutes 10

- as a benchmark (``make bench``): the platform, ``mdap edge simulate`` and a collector are started in
  subprocesses on free ports over a fresh data directory, watched for ``MDAP_FRESHNESS_MINUTES`` (default 3).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MDAP = REPO / ".venv" / "bin" / "mdap"
POLL_SECONDS = 1.0


@dataclass
class Freshness:
    samples: list[float]
    runs: int
    minutes: float

    def percentile(self, q: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]

    def report(self) -> str:
        if not self.samples:
            return "no reading became queryable"
        return (f"freshness over {self.minutes:.1f} min: {len(self.samples)} readings, {self.runs} runs; "
                f"p50 {self.percentile(50):.1f} s, p95 {self.percentile(95):.1f} s, max {max(self.samples):.1f} s, "
                f"mean {statistics.fmean(self.samples):.1f} s")


def watch(data_dir: Path, minutes: float) -> Freshness:
    from mdap.adapters.local.query import DuckDbQueryEngine
    from mdap.adapters.local.table import SqliteTable
    from mdap.catalog import load_catalog
    from mdap.pipeline.runs import RunRecords

    engine = DuckDbQueryEngine(load_catalog(), data_dir / "blobs")
    started = datetime.now(UTC).replace(tzinfo=None)
    seen: dict[tuple[str, str], datetime] = {}
    samples: list[float] = []
    deadline = time.monotonic() + minutes * 60
    while time.monotonic() < deadline:
        floor = min(seen.values(), default=started)
        rows = engine.query(f"SELECT asset, tag, ts FROM sensor_readings_clean WHERE ts > TIMESTAMP '{floor}'").rows
        now = datetime.now(UTC).replace(tzinfo=None)
        for asset, tag, ts in sorted(rows, key=lambda r: r[2]):
            last = seen.get((asset, tag), started)
            if ts > last:
                samples.append((now - ts).total_seconds())
                seen[(asset, tag)] = ts
        time.sleep(POLL_SECONDS)
    records = RunRecords(SqliteTable(data_dir / "table.sqlite3")).recent(limit=2000)
    runs = sum(1 for r in records if r["dataset"] == "sensor_readings" and r["started_at"] >= started.isoformat())
    return Freshness(samples, runs, minutes)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stack(data_dir: Path) -> list[subprocess.Popen[bytes]]:
    """The platform, the demo factory and a collector, as ``make run`` starts them, on free ports."""
    opcua, modbus, http = _free_port(), _free_port(), _free_port()
    demo = (REPO / "edge_greengrass" / "collector" / "demo.yaml").read_text()
    config = data_dir / "collector.yaml"
    config.write_text(demo.replace("127.0.0.1:4840", f"127.0.0.1:{opcua}").replace("port: 5020", f"port: {modbus}"))
    env = {**os.environ, "MDAP_DATA_DIR": str(data_dir)}
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        out = (logs / f"{name}.log").open("wb")
        return subprocess.Popen([str(MDAP), *args], env=env, stdout=out, stderr=subprocess.STDOUT)

    platform = start("platform", "run", "--port", str(http))
    time.sleep(5)  # the platform seeds its demo data and starts its workers
    return [platform, start("simulate", "edge", "simulate", "--opcua-port", str(opcua), "--modbus-port", str(modbus)),
            start("collector", "edge", "run", "--config", str(config))]


@pytest.mark.bench
def test_pipeline_freshness_under_the_demo_factory() -> None:
    minutes = float(os.environ.get("MDAP_FRESHNESS_MINUTES", "3"))
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        processes = _stack(data_dir)
        try:
            time.sleep(20)  # the collector connects and its first batches are processed
            result = watch(data_dir, minutes)
        finally:
            for process in reversed(processes):
                process.send_signal(signal.SIGTERM)
            for process in reversed(processes):
                process.wait(timeout=30)
    print("\n" + result.report())
    assert result.samples, "no reading became queryable"
    assert result.percentile(95) <= 60, result.report()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("MDAP_DATA_DIR", ".mdap")))
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    result = watch(args.data_dir.resolve(), args.minutes)
    print(result.report())
    return 0 if result.samples and result.percentile(95) <= 60 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
