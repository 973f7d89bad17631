"""HTTP throughput of the local server: GET /api/me (valid token) and GET /health at 50 concurrent clients,
beside a minimal WSGI app on the same server in the same run (the floor).

Goal (issue 12): >= 0.5x the floor's requests/s and p99 <= 2x the floor's p99. Load comes from wrk (Debian's
package, a separate process: 2 threads, 50 connections, 10 s per run); floor and platform are measured in
alternation, three rounds, and the median of each is reported, because a 2-core machine's figures drift.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

ROUNDS = 3
LUA = """done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.3f %.3f %.3f\\n", summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _process(args: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "exited"
            try:
                requests.get(url + "/health", timeout=1)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def _wrk(url: str, script: Path, headers: dict[str, str]) -> dict[str, float]:
    args = ["wrk", "-t2", "-c50", "-d10s", "-s", str(script)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=60, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    count, micros, errors, p50, p95, p99 = (float(part) for part in line.split()[1:])
    return {"rps": count / (micros / 1e6), "errors": errors, "p50": p50, "p95": p95, "p99": p99}


@pytest.mark.bench
@pytest.mark.timeout(900)
def test_api_throughput_beside_a_minimal_wsgi_app(tmp_path: Path) -> None:
    if shutil.which("wrk") is None:
        pytest.fail("wrk is missing: `make bench` installs Debian's wrk package")
    script = tmp_path / "report.lua"
    script.write_text(LUA)
    floor_port, platform_port = _free_port(), _free_port()
    floor_cmd = [sys.executable, str(Path(__file__).with_name("api_floor.py")), str(floor_port)]
    platform_cmd = [sys.executable, "-c", "from mdap.cli.main import main; main()", "run", "--port", str(platform_port),
                    "--data-dir", str(tmp_path / "data")]
    with _process(floor_cmd, floor_port, {"PYTHONPATH": os.pathsep.join(sys.path)}) as floor, \
            _process(platform_cmd, platform_port) as platform:
        email, password = _demo_login(tmp_path / "data", "staff")
        token = requests.post(f"{platform}/api/auth/login", json={"email": email, "password": password},
                              timeout=10).json()["id_token"]
        runs: dict[str, list[dict[str, float]]] = {"floor": [], "/api/me": [], "/health": []}
        for _ in range(ROUNDS):
            runs["floor"].append(_wrk(floor + "/", script, {}))
            runs["/api/me"].append(_wrk(platform + "/api/me", script, {"Authorization": f"Bearer {token}"}))
            runs["/health"].append(_wrk(platform + "/health", script, {}))
    median = {name: {key: statistics.median(run[key] for run in rs) for key in rs[0]} for name, rs in runs.items()}
    base = median["floor"]
    print(f"\n{'':<10}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'× floor req/s':>15}{'× floor p99':>13}")
    for name, m in median.items():
        print(f"{name:<10}{m['rps']:>10,.0f}{m['p50']:>9.1f}{m['p95']:>9.1f}{m['p99']:>9.1f}"
              f"{m['rps'] / base['rps']:>15.2f}{m['p99'] / base['p99']:>13.2f}")
    for name in ("/api/me", "/health"):
        assert sum(run["errors"] for run in runs[name]) == 0, f"{name} answered errors under load"
        assert median[name]["rps"] >= 0.5 * base["rps"], f"{name}: under half the floor's throughput"
        assert median[name]["p99"] <= 2 * base["p99"], f"{name}: p99 over twice the floor's"


def _demo_login(data_dir: Path, role: str) -> tuple[str, str]:
    import json

    email, password = json.loads((data_dir / "demo-logins.json").read_text(encoding="utf-8"))[role]
    return str(email), str(password)
