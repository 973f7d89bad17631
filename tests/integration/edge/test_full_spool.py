"""A full spool under each policy, with the store away: ``block`` holds the source back and loses nothing;
``refuse_newest`` drops exactly the readings it reports as refused. Plus the batch age guarantee."""

from __future__ import annotations

import time
from datetime import UTC
from pathlib import Path

from tests.integration.edge.collector import (
    CollectorProcess,
    UnmountedZone,
    config,
    duplicated_identities,
    local_lake,
    mqtt_source,
    object_times,
    rows_of,
    wait_for,
)
from tests.integration.edge.servers import Mosquitto, Publisher

SPOOL_MB = 0.02  # about 500 readings


def _fill_while_store_is_away(collector: CollectorProcess, publisher: Publisher) -> list[int]:
    """Publish while the store is away until the spool has been full for a while; the spool sizes seen."""
    collector.start()
    collector.wait_connected("broker")
    zone = UnmountedZone(collector.data_dir)
    zone.unmount()
    publisher.start(per_second=250)
    sizes = []
    deadline = time.monotonic() + 6.0
    while time.monotonic() < deadline:
        spool = collector.status().get("spool") or {}
        sizes.append(int(spool.get("bytes", 0)))
        time.sleep(0.25)
    publisher.stop()
    zone.mount()
    return sizes


def test_full_spool_with_block_holds_the_source_back_and_loses_nothing(
        tmp_path: Path, broker: Mosquitto, publisher: Publisher, collectors: list[CollectorProcess]) -> None:
    collector = CollectorProcess(tmp_path, config([mqtt_source(broker.port)],
                                                  spool={"max_mb": SPOOL_MB, "when_full": "block"}))
    collectors.append(collector)
    sizes = _fill_while_store_is_away(collector, publisher)
    limit = int(SPOOL_MB * 1024 * 1024)
    assert max(sizes) <= limit and max(sizes) >= 0.7 * limit, (max(sizes), limit)
    sent = {n for _, n in publisher.sent}
    wait_for(lambda: {int(r["value"]) for r in local_lake(collector.data_dir)} >= sent, 30,
             "every message after the store came back")
    lake = local_lake(collector.data_dir)
    assert duplicated_identities(lake) == {}
    assert sorted(int(r["value"]) for r in lake) == sorted(sent)
    assert collector.status()["refused"] == 0


def test_full_spool_with_refuse_newest_loses_exactly_what_it_reports(
        tmp_path: Path, broker: Mosquitto, publisher: Publisher, collectors: list[CollectorProcess]) -> None:
    collector = CollectorProcess(tmp_path, config([mqtt_source(broker.port)],
                                                  spool={"max_mb": SPOOL_MB, "when_full": "refuse_newest"}))
    collectors.append(collector)
    sizes = _fill_while_store_is_away(collector, publisher)
    assert max(sizes) <= int(SPOOL_MB * 1024 * 1024)
    sent = sorted(n for _, n in publisher.sent)
    wait_for(lambda: collector.spool_readings() == 0 and collector.status().get("refused", 0) > 0, 30,
             "the spool drained after the store came back")
    time.sleep(1.5)  # one more status record after the last upload
    lake = local_lake(collector.data_dir)
    refused = collector.status()["refused"]
    assert duplicated_identities(lake) == {}
    got = sorted(int(r["value"]) for r in lake)
    assert len(set(got)) == len(got) and set(got) <= set(sent)
    assert len(sent) - len(got) == refused > 0, f"sent {len(sent)}, stored {len(got)}, reported refused {refused}"
    assert min(set(sent) - set(got)) > min(got), "the newest readings are refused, never the ones spooled"


def test_a_batch_upload_starts_within_max_seconds_of_its_oldest_reading(
        tmp_path: Path, broker: Mosquitto, publisher: Publisher, collectors: list[CollectorProcess]) -> None:
    collector = CollectorProcess(tmp_path, config([mqtt_source(broker.port)], max_seconds=1.0))
    collectors.append(collector)
    collector.start()
    collector.wait_connected("broker")
    publisher.start(per_second=30)
    time.sleep(5.0)
    publisher.stop()
    wait_for(lambda: collector.spool_readings() == 0, 10, "the spool drained")
    times = object_times(collector.data_dir)
    root = collector.data_dir / "blobs" / "raw"
    files = [(key, (root / key).read_bytes()) for key in times]
    oldest: dict[str, float] = {}
    for row in rows_of(files):
        stamp = row["ts"].replace(tzinfo=UTC).timestamp()  # the lake's ts is UTC without an offset
        oldest[row["key"]] = min(oldest.get(row["key"], stamp), stamp)
    ages = [times[key] - oldest[key] for key in oldest]
    assert len(ages) >= 4
    assert max(ages) <= 1.0 + 0.3, f"oldest reading {max(ages):.2f} s old when its batch was stored (max 1 s + write)"
