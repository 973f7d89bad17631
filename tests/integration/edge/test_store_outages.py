"""Reliability with real servers on loopback: the collector killed mid-upload, the store refusing connections
or hanging, SIGTERM. After each: every value the servers produced while the collector was up is in the lake
once (0 lost, 0 duplicated identities). R-PLT-1: collection at the factory."""

from __future__ import annotations

import time
from pathlib import Path

from mdap_edge.sources.simulator import expected_value
from tests.integration.edge.collector import (
    CollectorProcess,
    UnmountedZone,
    config,
    duplicated_identities,
    local_lake,
    mqtt_source,
    rows_of,
    wait_for,
)
from tests.integration.edge.conftest import AWS_TEST_ENV
from tests.integration.edge.proxy import CuttableProxy
from tests.integration.edge.servers import ModbusServer, MotoS3, Publisher

SIMULATOR = {"name": "sim", "kind": "simulator", "assets": 1, "tags": 3, "interval_ms": 100}


def _s3_store(proxy: CuttableProxy) -> dict[str, object]:
    return {"kind": "s3", "bucket": "mdap-raw", "endpoint_url": f"http://127.0.0.1:{proxy.port}",
            "region": "ap-northeast-2"}


def _published_all(lake: list[dict[str, object]], publisher: Publisher) -> bool:
    return {int(row["value"]) for row in lake if row["source"] == "mqtt"} >= {n for _, n in publisher.sent}  # type: ignore[call-overload]


def _assert_mqtt_exactly_once(lake: list[dict[str, object]], publisher: Publisher) -> None:
    got = sorted(int(row["value"]) for row in lake if row["source"] == "mqtt")  # type: ignore[call-overload]
    sent = sorted(n for _, n in publisher.sent)
    assert got == sent, f"lost {sorted(set(sent) - set(got))[:10]}, extra {len(got) - len(set(got))}"


def test_kill_9_in_the_middle_of_an_upload_then_restart_loses_and_duplicates_nothing(
        tmp_path: Path, publisher: Publisher, s3: MotoS3, proxy: CuttableProxy,
        collectors: list[CollectorProcess]) -> None:
    collector = CollectorProcess(tmp_path, config([mqtt_source(publisher_port(publisher)), SIMULATOR],
                                                  store=_s3_store(proxy)), env=AWS_TEST_ENV)
    collectors.append(collector)
    collector.start()
    collector.wait_connected("broker")
    publisher.start(per_second=50)
    wait_for(lambda: len(s3.objects()) >= 4, 20, "the first batches in S3")
    # Each batch is two files (source=mqtt, source=simulator): hold an even-numbered PUT, the second of a batch.
    proxy.hold_from_next_put(passing=1 if proxy.puts_seen % 2 == 0 else 2)
    wait_for(proxy.holding.is_set, 10, "an upload held mid-batch")
    killed_at = time.time()
    collector.kill9()
    proxy.reset_connections()
    proxy.restore()
    time.sleep(1.0)  # the broker keeps publishing into the collector's persistent session meanwhile
    collector.start()
    time.sleep(2.0)
    publisher.stop()
    wait_for(lambda: _published_all(rows_of(s3.objects().items()), publisher), 30,
             f"every published message in the lake\n{collector.log()}")
    lake = rows_of(s3.objects().items())
    assert duplicated_identities(lake) == {}
    _assert_mqtt_exactly_once(lake, publisher)  # acknowledged to the broker only once spooled: none lost
    simulated = [row for row in lake if row["source"] == "simulator"]
    assert all(row["value"] == expected_value(int(row["tag"][1:]), _us(row["ts"])) for row in simulated)
    # what was durable before the kill (committed at most commit_ms after receipt) is all there
    _assert_simulator_complete(simulated, until=killed_at - 1.0)


def test_s3_refusing_connections_then_recovering_loses_nothing_and_sources_keep_their_rate(
        tmp_path: Path, publisher: Publisher, s3: MotoS3, proxy: CuttableProxy, modbus: ModbusServer,
        collectors: list[CollectorProcess]) -> None:
    polling = {"name": "plc", "kind": "modbus", "host": "127.0.0.1", "port": modbus.port, "poll_ms": 50,
               "asset": "press1", "registers": [{"address": 0, "type": "uint32", "tag": "count"}]}
    collector = CollectorProcess(tmp_path, config([mqtt_source(publisher_port(publisher)), polling],
                                                  store=_s3_store(proxy)), env=AWS_TEST_ENV)
    collectors.append(collector)
    collector.start()
    collector.wait_connected("broker")
    publisher.start(per_second=40)
    wait_for(lambda: s3.objects(), 20, "the first batch in S3")
    before = time.monotonic()
    time.sleep(2.0)
    proxy.cut()
    cut_at = time.monotonic()
    wait_for(lambda: (collector.status().get("uploader") or {}).get("failures", 0) >= 2, 15,
             "uploads failing while the store refuses connections")
    time.sleep(max(0.0, cut_at + 6.0 - time.monotonic()))
    outage = (cut_at + 0.5, time.monotonic())
    stored = len(s3.objects())
    proxy.restore()
    restored_at = time.monotonic()
    wait_for(lambda: len(s3.objects()) > stored, 12, "an upload after the store came back")
    first_retry = time.monotonic() - restored_at
    publisher.stop()
    wait_for(lambda: _published_all(rows_of(s3.objects().items()), publisher), 20, "every message in the lake")
    lake = rows_of(s3.objects().items())
    assert duplicated_identities(lake) == {}
    _assert_mqtt_exactly_once(lake, publisher)
    assert first_retry <= 10.5, f"retries back off to at most 10 s, the first after recovery took {first_retry:.1f}"
    normal, during = modbus.rate(before, cut_at), modbus.rate(*outage)
    assert during >= 0.9 * normal, f"polling slowed from {normal:.1f}/s to {during:.1f}/s during the outage"


def test_local_store_unavailable_then_back_loses_nothing(
        tmp_path: Path, publisher: Publisher, collectors: list[CollectorProcess]) -> None:
    collector = CollectorProcess(tmp_path, config([mqtt_source(publisher_port(publisher))]))
    collectors.append(collector)
    collector.start()
    collector.wait_connected("broker")
    publisher.start(per_second=40)
    wait_for(lambda: local_lake(collector.data_dir), 20, "the first batch in the raw zone")
    zone = UnmountedZone(collector.data_dir)
    zone.unmount()
    wait_for(lambda: (collector.status().get("uploader") or {}).get("failures", 0) >= 2, 15, "uploads failing")
    time.sleep(2.0)
    zone.mount()
    time.sleep(2.0)
    publisher.stop()
    wait_for(lambda: _published_all(local_lake(collector.data_dir), publisher), 20, "every message in the lake")
    lake = local_lake(collector.data_dir)
    assert duplicated_identities(lake) == {}
    _assert_mqtt_exactly_once(lake, publisher)


def test_sigterm_with_a_hanging_store_exits_within_15_s_and_the_next_start_sends_the_rest(
        tmp_path: Path, publisher: Publisher, s3: MotoS3, proxy: CuttableProxy,
        collectors: list[CollectorProcess]) -> None:
    collector = CollectorProcess(tmp_path, config([mqtt_source(publisher_port(publisher))], max_seconds=2,
                                                  store=_s3_store(proxy)), env=AWS_TEST_ENV)
    collectors.append(collector)
    collector.start()
    collector.wait_connected("broker")
    publisher.start(per_second=40)
    wait_for(lambda: s3.objects(), 20, "the first batch in S3")
    proxy.hold_from_next_put(passing=0)  # every upload from now on hangs
    time.sleep(1.5)
    publisher.stop()
    code, took = collector.terminate()
    assert took <= 15.0 and code in (0, 1), f"exit {code} after {took:.1f} s"
    left = collector.spool_readings()
    assert left > 0, "what could not be uploaded stays in the spool"
    proxy.reset_connections()
    proxy.restore()
    collector.start()
    wait_for(lambda: _published_all(rows_of(s3.objects().items()), publisher), 20, "the rest after the restart")
    lake = rows_of(s3.objects().items())
    assert duplicated_identities(lake) == {}
    _assert_mqtt_exactly_once(lake, publisher)
    code, took = collector.terminate()
    assert code == 0 and took < 5.0, f"a clean stop with a working store: exit {code} after {took:.1f} s"
    assert collector.spool_readings() == 0


def publisher_port(publisher: Publisher) -> int:
    return int(publisher._client._port)  # the broker the publisher talks to


def _us(moment: object) -> int:
    from mdap_edge.reading import micros

    return micros(moment)  # type: ignore[arg-type]


def _assert_simulator_complete(rows: list[dict[str, object]], until: float) -> None:
    """Every 100 ms grid point of every tag from the first one seen up to ``until`` (epoch seconds) is there."""
    by_tag: dict[object, set[int]] = {}
    for row in rows:
        by_tag.setdefault(row["tag"], set()).add(_us(row["ts"]))
    for tag, stamps in by_tag.items():
        first, last = min(stamps), int(until * 1e6)
        wanted = set(range(first, last, 100_000))
        missing = sorted(wanted - stamps)
        assert not missing, f"{tag}: {len(missing)} readings lost before the kill, e.g. {missing[:3]}"
