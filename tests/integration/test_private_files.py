"""The local data directory holds password hashes, keys and factory data: owner-only, whatever the umask."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.integration.test_cli import MDAP, _wait_for_health, free_port
from tests.live import live_platform


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)  # the most permissive umask a user could have
    try:
        yield
    finally:
        os.umask(previous)


def test_data_directory_is_0700_and_every_file_0600(tmp_path: Path, open_umask: None) -> None:
    data_dir = tmp_path / "fresh" / "data"
    with live_platform(data_dir) as live:
        email, password = live.logins["staff"]
        assert requests.post(f"{live.url}/api/auth/login", json={"email": email, "password": password},
                             timeout=10).status_code == 200
        live.platform.container.blobs["raw"].put("site=demo/readings.parquet", b"PAR1 data")
        live.platform.container.blobs["documents"].put("calls/2022/공고문.pdf", b"%PDF-1.7")
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert {"table.sqlite3", "table.sqlite3-wal", "demo-logins.json", "jwt.key", "readings.parquet",
            "공고문.pdf"} <= names, names
    loose = {str(path.relative_to(data_dir)): oct(stat.S_IMODE(path.stat().st_mode)) for path in files
             if stat.S_IMODE(path.stat().st_mode) != 0o600}
    assert loose == {}
    shared = [str(path) for path in data_dir.rglob("*") if path.is_dir() and path.stat().st_mode & 0o077]
    assert shared == []


def test_mdap_run_warns_once_about_a_data_directory_others_can_read(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    port = free_port()
    proc = subprocess.Popen([*MDAP, "run", "--port", str(port), "--data-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_health(port, proc)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert err.count("can be read by other users") == 1
    assert f"chmod 700 {tmp_path}" in err
