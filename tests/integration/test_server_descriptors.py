"""The local server keeps answering when the process holds many open files: its serving loop must not depend on
select(), which cannot watch a descriptor numbered above 1024 (a long-running `mdap run`, or a test session that
has opened many databases, gets there)."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
import requests

from tests.live import live_platform

HIGH = 1100


def test_requests_are_answered_when_descriptors_are_numbered_above_1024(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < HIGH + 200:
        pytest.skip(f"this machine allows {hard} open files; the check needs {HIGH + 200}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, HIGH + 200), hard))
    held = [open("/dev/null", "rb") for _ in range(HIGH)]  # noqa: SIM115 - held open on purpose
    try:
        assert held[-1].fileno() > 1024
        with live_platform(tmp_path) as live:
            for _ in range(3):
                assert requests.get(f"{live.url}/health", timeout=15).status_code == 200
    finally:
        for handle in held:
            handle.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
