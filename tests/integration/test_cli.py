"""The `mdap` command: start-up, clean stop, and one-line refusals for bad configuration."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

MDAP = [sys.executable, "-c", "from mdap.cli.main import main; main()"]


def mdap(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MDAP, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_help_lists_the_subcommands() -> None:
    result = mdap("--help")
    assert result.returncode == 0
    for name in ("run", "users"):
        assert name in result.stdout


def test_unknown_profile_is_one_line_and_non_zero(tmp_path: Path) -> None:
    result = mdap("users", "list", "--data-dir", str(tmp_path), env={"MDAP_PROFILE": "cloud"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "MDAP_PROFILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_setting_names_the_setting(tmp_path: Path) -> None:
    result = mdap("users", "list", "--data-dir", str(tmp_path), env={"MDAP_TOKEN_MINUTES": "soon"})
    assert result.returncode == 2
    assert "MDAP_TOKEN_MINUTES" in result.stderr
    assert "Traceback" not in result.stderr


def test_unwritable_data_dir_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = mdap("users", "list", "--data-dir", str(blocker / "data"))
    assert result.returncode == 2
    assert "not writable" in result.stderr
    assert "Traceback" not in result.stderr


def test_port_in_use_is_refused(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = mdap("run", "--port", str(port), "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert f"port {port}" in result.stderr and "already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_users_add_and_list(tmp_path: Path) -> None:
    added = mdap("users", "add", "eval2@example.kr", "--name", "평가위원2", "--role", "evaluator",
                 "--password", "a-long-enough-password", "--data-dir", str(tmp_path))
    assert added.returncode == 0, added.stderr
    listed = mdap("users", "list", "--data-dir", str(tmp_path))
    assert "eval2@example.kr\t평가위원2\tevaluator" in listed.stdout


def test_a_factory_user_is_added_with_its_site_and_refused_without_one(tmp_path: Path) -> None:
    base = ("users", "add", "kim@demo.kr", "--name", "김공장", "--role", "factory", "--password",
            "a-long-enough-password", "--data-dir", str(tmp_path))
    refused = mdap(*base)
    assert refused.returncode == 2 and "site" in refused.stderr and "Traceback" not in refused.stderr
    added = mdap(*base, "--site", "demo")
    assert added.returncode == 0, added.stderr
    assert "kim@demo.kr\t김공장\tfactory\tdemo" in mdap("users", "list", "--data-dir", str(tmp_path)).stdout


def test_run_serves_health_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([*MDAP, "run", "--port", str(port), "--data-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        body = _wait_for_health(port, proc)
        assert body["profile"] == "local"
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{port}" in out
    assert "staff@demo.mdap.kr" in out
    assert "Traceback" not in err


def _wait_for_health(port: int, proc: subprocess.Popen[str]) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "exited"
        try:
            body: dict[str, object] = requests.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
            return body
        except (requests.ConnectionError, requests.Timeout):  # still starting (seeding the demo data)
            time.sleep(0.2)
    raise AssertionError("the server did not answer /health within 60 s")
