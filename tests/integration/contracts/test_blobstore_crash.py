"""A local write that dies half-way: the zone index, the file on disk and the object event stay in step.

Each case runs a put in a child process that is killed (os._exit, no cleanup) at one point of the
write, then opens the same directories again as a restarted server would.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.blob_urls import BlobUrlSigner
from mdap.adapters.local.blobstore import LocalBlobStore
from mdap.adapters.local.events import LocalObjectEvents

CHILD = """
import os, sys
from pathlib import Path
import mdap.adapters.local.blobstore as blobstore
from mdap.adapters.local.blob_urls import BlobUrlSigner
from mdap.adapters.local.events import LocalObjectEvents
root = Path(sys.argv[1])
events = LocalObjectEvents(root / "events.sqlite3")
store = blobstore.LocalBlobStore(root / "blobs" / "raw", "raw", BlobUrlSigner(b"s" * 32), "http://x", events)
store.put("k/a.bin", b"old")
if sys.argv[2] == "after-replace":
    blobstore._fsync_dir = lambda directory: os._exit(3)  # the file is renamed into place; no COMMIT yet
else:
    LocalObjectEvents.publish = lambda self, event: os._exit(3)  # anything after the index COMMIT
    events.publish = lambda event: os._exit(3)
store.put("k/a.bin", b"new bytes")
"""


def _crash(tmp_path: Path, point: str) -> None:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), str(tmp_path), point],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode in (0, 3), result.stderr


def _reopen(tmp_path: Path) -> tuple[LocalBlobStore, LocalObjectEvents]:
    clock = ControllableClock()
    events = LocalObjectEvents(tmp_path / "events.sqlite3", clock)
    store = LocalBlobStore(tmp_path / "blobs" / "raw", "raw", BlobUrlSigner(b"s" * 32), "http://x", events,
                           clock=clock)
    return store, events


@pytest.mark.parametrize("point", ["after-replace", "after-commit"])
def test_a_crash_mid_write_leaves_index_file_and_events_consistent(tmp_path: Path, point: str) -> None:
    _crash(tmp_path, point)
    store, events = _reopen(tmp_path)
    data = store.get("k/a.bin")
    head = store.head("k/a.bin")
    assert (head.size, head.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    delivered = [(r.event.key, r.event.size) for r in events.receive(max_events=10)]
    expected = [("k/a.bin", 3)] + ([("k/a.bin", len(data))] if data == b"new bytes" else [])
    assert delivered == expected
    leftovers = sorted(p.name for p in (tmp_path / "blobs" / "raw" / "k").iterdir())
    assert leftovers == ["a.bin"]


def test_the_event_is_recorded_with_the_object_in_one_transaction(tmp_path: Path) -> None:
    """A write refused by the index (a key that is already a folder) records no event either."""
    store, events = _reopen(tmp_path)
    store.put("d/e/f", b"x")
    with pytest.raises(Exception, match="folder"):
        store.put("d/e", b"y")
    assert [r.event.key for r in events.receive()] == ["d/e/f"]
