"""The worker master (real names the free-text detector must know) is read in the encoding it was saved in."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdap.adapters.local.blobstore import LocalBlobStore
from mdap.pipeline.reference import WORKERS_PREFIX, worker_names

NAMES = ["김민준", "최영수", "한지민"]


@pytest.fixture
def raw(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "raw", "raw", b"k" * 32, "http://127.0.0.1:8000")


@pytest.mark.parametrize("encoding", ["cp949", "utf-8", "utf-8-sig"])
def test_names_come_out_whatever_the_encoding(raw: LocalBlobStore, encoding: str) -> None:
    raw.put(f"{WORKERS_PREFIX}site=s1/workers.csv", "\n".join(["이름", *NAMES]).encode(encoding))
    raw.put(f"{WORKERS_PREFIX}site=s2/workers.csv", "박지호\n".encode(encoding))
    assert worker_names(raw, "s1") == frozenset(NAMES)


def test_a_master_in_no_known_encoding_stops_the_run_rather_than_leave_names_unmasked(raw: LocalBlobStore) -> None:
    raw.put(f"{WORKERS_PREFIX}site=s1/workers.csv", bytes(range(128, 256)) * 64)
    with pytest.raises(ValueError, match="worker master"):
        worker_names(raw, "s1")
