"""Where the pipeline keeps things: run ids, the work prefix, curated parts and their manifests, quarantine.

Zones and key layout (the catalog's table prefixes come first; ``{partition}`` is ``site=S/date=D/``):

- ``quarantine`` zone, ``work/<run id>/…``: a run's intermediate Parquet and reports. Restricted like the
  quarantine rows themselves: until the de-identify step has run, rows hold personal data.
- ``curated`` zone, ``{prefix}{partition}part-<run id>-<n>.parquet``: immutable data files of a table;
  ``{prefix}_symlink_format_manifest/{partition}manifest``: the partition's current files, one URI a line
  (what Athena's SymlinkTextInputFormat and the DuckDB engine read); ``{prefix}_parts/{partition}parts.json``:
  the writer's bookkeeping (each file's rows, level and time range; retired files awaiting deletion).
- ``quarantine`` zone, ``quarantine/rows/dataset=D/site=S/<object digest>.parquet``: rejected rows of one
  source object, replaced when the object is processed again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime

WORK_ZONE = "quarantine"
QUARANTINE_PREFIX = "quarantine/rows/"
QUALITY_PREFIX = "curated/data_quality/"
MANIFEST_DIR = "_symlink_format_manifest/"
PARTS_DIR = "_parts/"
UNASSIGNED_SITE = "unassigned"
_RUN_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}-\d{8}T\d{12}-[0-9a-f]{6}$")
_SITE_SEGMENT = re.compile(r"(?:^|/)site=([^/]+)/")


def new_run_id(dataset: str, now: datetime) -> str:
    """Sortable by start time and usable as a Step Functions execution name (80 characters of [A-Za-z0-9-_])."""
    return f"{dataset}-{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}"


def is_run_id(value: str) -> bool:
    return bool(_RUN_ID.match(value))


def site_of(key: str) -> str:
    """The site a raw object belongs to: its key's ``site=`` folder (raw/<dataset>/site=S/…)."""
    found = _SITE_SEGMENT.search(key)
    return found.group(1) if found else UNASSIGNED_SITE


def work_key(run_id: str, name: str) -> str:
    return f"work/{run_id}/{name}"


def partition_path(names: Sequence[str], values: Sequence[str]) -> str:
    return "".join(f"{name}={value}/" for name, value in zip(names, values, strict=True))


def part_key(prefix: str, partition: str, run_id: str, suffix: str) -> str:
    return f"{prefix}{partition}part-{run_id}-{suffix}.parquet"


def manifest_key(prefix: str, partition: str) -> str:
    return f"{prefix}{MANIFEST_DIR}{partition}manifest"


def parts_key(prefix: str, partition: str) -> str:
    return f"{prefix}{PARTS_DIR}{partition}parts.json"


def quarantine_key(dataset: str, site: str, source_object: str) -> str:
    digest = hashlib.sha256(source_object.encode("utf-8")).hexdigest()[:32]
    return f"{QUARANTINE_PREFIX}dataset={dataset}/site={site}/{digest}.parquet"


def quality_key(dataset: str, day: str, run_id: str) -> str:
    return f"{QUALITY_PREFIX}dataset={dataset}/date={day}/{run_id}.parquet"


def object_uri(bucket: str, key: str) -> str:
    """A manifest line: the S3 URI of a data file. Locally the bucket is nominal; the key part is what counts."""
    return f"s3://{bucket}/{key}"


def key_of_uri(uri: str) -> str:
    """The key of a manifest line (``s3://bucket/key`` -> ``key``)."""
    return uri.removeprefix("s3://").partition("/")[2]
