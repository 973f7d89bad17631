"""The file-drop source on a real folder and spool, configuration reloads at run time, and `mdap edge` on the
command line."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

from mdap.adapters.clock import SystemClock
from mdap_edge.health import SourceHealth
from mdap_edge.secrets import EnvironmentSecrets
from mdap_edge.sources.files import FileDropSource
from mdap_edge.spool import Spool
from tests.integration.edge.collector import CollectorProcess, UnmountedZone, config, local_lake, wait_for

CSV = "machine,time,temp,count\nIMM-2,2025-03-01 18:00:00,231.5,1204\nIMM-2,2025-03-01 18:00:01,231.7,1205\n"


def test_dropped_files_are_read_once_moved_to_done_or_failed_and_files_being_written_wait(tmp_path: Path) -> None:
    drops = tmp_path / "exports"
    drops.mkdir()
    spool = Spool(tmp_path / "spool", max_bytes=10_000_000, when_full="block")
    health = SourceHealth("drops", "file", SystemClock())
    source = FileDropSource({"name": "drops", "kind": "file", "path": str(drops), "format": "csv",
                             "settle_seconds": 0.5, "scan_seconds": 0.1, "encoding": "cp949",
                             "mapping": {"asset": "$.machine", "ts": "$.time", "values": "$",
                                         "ts_format": "%Y-%m-%d %H:%M:%S"}},
                            emit=spool.append, health=health, secrets=EnvironmentSecrets({}), clock=SystemClock(),
                            durable=spool.wait_durable)
    (drops / "shift-a.csv").write_bytes(CSV.replace("IMM-2", "사출기-2").encode("cp949"))
    (drops / "broken.csv").write_text("machine,time,temp\nIMM-2,not a time,1\n", encoding="utf-8")
    writing = drops / "shift-b.csv"
    stop = threading.Event()
    thread = threading.Thread(target=source.run, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_for(lambda: (drops / "done" / "shift-a.csv").exists(), 10, "the complete file moved to done/")
        assert (drops / "failed" / "broken.csv").exists()
        reason = (drops / "failed" / "broken.csv.reason.txt").read_text(encoding="utf-8")
        assert "record 1" in reason and "not a time" in reason
        writing.write_text(CSV.splitlines()[0] + "\n", encoding="utf-8")
        for line in CSV.splitlines()[1:]:  # still being written: each append restarts its settle time
            time.sleep(0.3)
            assert writing.exists()
            with writing.open("a", encoding="utf-8") as handle:
                handle.write(line.replace("18:00", "19:00") + "\n")
        wait_for(lambda: (drops / "done" / "shift-b.csv").exists(), 10, "the finished file moved to done/")
    finally:
        stop.set()
        thread.join(5)
    spool.flush()
    table = spool.read_batch(spool.plan_batch(1000))  # type: ignore[arg-type]
    rows = sorted(zip(table["asset"].to_pylist(), table["tag"].to_pylist(), table["value"].to_pylist(),
                      strict=True))
    assert rows == sorted([("사출기-2", "temp", 231.5), ("사출기-2", "count", 1204.0), ("사출기-2", "temp", 231.7),
                           ("사출기-2", "count", 1205.0), ("IMM-2", "temp", 231.5), ("IMM-2", "count", 1204.0),
                           ("IMM-2", "temp", 231.7), ("IMM-2", "count", 1205.0)])
    assert health.errors == 1 and "broken.csv" in (health.last_error or "")
    spool.close()


def test_a_changed_tag_list_applies_at_run_time_and_keeps_what_was_spooled(
        tmp_path: Path, collectors: list[CollectorProcess]) -> None:
    simulator = {"name": "sim", "kind": "simulator", "assets": 1, "tags": 2, "interval_ms": 100}
    collector = CollectorProcess(tmp_path, config([simulator]))
    collectors.append(collector)
    collector.start()
    collector.wait_connected("sim")
    zone = UnmountedZone(collector.data_dir)
    zone.unmount()  # readings pile up in the spool while the tags change
    time.sleep(1.5)
    changed = yaml.safe_load(collector.config_path.read_text())
    changed["sources"][0]["tags"] = 3
    collector.config_path.write_text(yaml.safe_dump(changed, sort_keys=False))
    wait_for(lambda: len(collector.status().get("sources", [{}])) == 1
             and collector.status()["sources"][0]["readings"] > 0 and collector.status().get("config_error") is None
             and (collector.workdir / "collector-1.log").read_text().count("configuration reloaded") == 1, 15,
             "the reload")
    time.sleep(1.5)
    zone.mount()
    code, _ = collector.terminate()
    assert code == 0
    lake = local_lake(collector.data_dir)
    stamps = {tag: sorted(row["ts"] for row in lake if row["tag"] == tag) for tag in ("t0000", "t0001", "t0002")}
    assert stamps["t0002"], "the new tag is collected after the reload"
    assert stamps["t0000"][0] < stamps["t0002"][0]
    for tag in ("t0000", "t0001"):  # nothing spooled before the reload was lost: the 100 ms grid has no hole
        gaps = [b - a for a, b in zip(stamps[tag], stamps[tag][1:], strict=False)]
        assert max(gaps).total_seconds() <= 0.1 + 1e-6 or _one_restart_gap(gaps), (tag, max(gaps))


def _one_restart_gap(gaps: list[object]) -> bool:
    """Restarting the source skips at most the ticks while it was stopped (under a second)."""
    return sum(1 for gap in gaps if gap.total_seconds() > 0.1 + 1e-6) <= 1 and max(  # type: ignore[attr-defined]
        gap.total_seconds() for gap in gaps) < 1.0  # type: ignore[attr-defined]


def test_mdap_edge_run_refuses_a_bad_configuration_in_one_line_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: demo\ndevice: edge-01\nsources:\n  - {name: s, kind: simulator, tags: 0}\n")
    done = subprocess.run([sys.executable, "-c", "from mdap.cli.main import main; main()", "edge", "run",
                           "--config", str(bad), "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert f"{bad.resolve()}:4: sources[0].tags: 0 is less than the minimum of 1" in done.stderr


def test_mdap_edge_status_lists_what_collectors_reported(tmp_path: Path, collectors: list[CollectorProcess]) -> None:
    env = {**os.environ, "MDAP_DATA_DIR": str(tmp_path / "work" / "data")}
    run = [sys.executable, "-c", "from mdap.cli.main import main; main()", "edge", "status"]
    assert "no collector has reported yet" in subprocess.run(run, capture_output=True, text=True, env=env,
                                                             timeout=60).stdout
    collector = CollectorProcess(tmp_path / "work", config([{"name": "sim", "kind": "simulator", "tags": 2}]))
    collectors.append(collector)
    collector.start()
    collector.wait_connected("sim")
    shown = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60).stdout
    assert "test-site/edge-01  running" in shown and "sim" in shown and "simulator" in shown
