"""Collector configuration: the issue's shape is valid; every error names the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdap_edge.config import ConfigError, parse_config, reloadable_change

CONFIG = """\
site: demo                    # lower-case id of the factory
device: edge-01               # this collector, used in object keys
spool: {path: spool, max_mb: 512, when_full: block}
batch: {max_rows: 50000, max_seconds: 5}
store: {kind: local}
sources:
  - {name: press-opcua, kind: opcua, endpoint: "opc.tcp://127.0.0.1:4840/", asset: press1,
     sampling_ms: 100, publishing_ms: 500,
     nodes: [{node: "ns=2;s=Press1.Temp", tag: temp}]}
  - {name: press-modbus, kind: modbus, host: 127.0.0.1, port: 502, unit: 1, poll_ms: 250, asset: press1,
     registers: [{address: 0, type: float32, word_order: big, byte_order: big, scale: 1.0, offset: 0.0,
                  tag: power}]}
  - {name: broker, kind: mqtt, url: "mqtt://127.0.0.1:1883", topics: [plant/#],
     mapping: {asset: "{topic.1}", tag: "{topic.2}", value: "$.v"}}
  - {name: drops, kind: file, path: /var/lib/machine-exports, format: csv, mapping: {asset: $.machine, values: $}}
"""
PATH = Path("/etc/mdap/collector.yaml")


def _parse(text: str = CONFIG) -> object:
    return parse_config(text, PATH, Path("/data"))


def test_the_documented_shape_is_valid_and_completed_with_defaults() -> None:
    config = parse_config(CONFIG, PATH, Path("/data"))
    assert (config.site, config.device) == ("demo", "edge-01")
    assert config.spool.path == Path("/data/spool") and config.spool.max_bytes == 512 * 1024 * 1024
    assert config.spool.when_full == "block" and config.spool.commit_seconds == 0.2
    assert (config.batch.max_rows, config.batch.max_seconds) == (50_000, 5.0)
    assert (config.store.kind, config.store.prefix) == ("local", "raw/")
    assert config.status.kind == "local" and config.status.every_seconds == 5.0
    assert [s["kind"] for s in config.sources] == ["opcua", "modbus", "mqtt", "file"]


def test_an_absolute_spool_path_and_an_s3_store_on_the_premises() -> None:
    text = CONFIG.replace("path: spool", "path: /var/spool/mdap").replace(
        "store: {kind: local}", "store: {kind: s3, bucket: factory-lake, prefix: raw/, "
        "endpoint_url: 'http://10.0.0.5:9000', region: ap-northeast-2}")
    config = parse_config(text, PATH, Path("/data"))
    assert config.spool.path == Path("/var/spool/mdap")
    assert (config.store.bucket, config.store.endpoint_url) == ("factory-lake", "http://10.0.0.5:9000")


@pytest.mark.parametrize("old, new, where", [
    ("poll_ms: 250", "poll_ms: 5", ":10: sources[1].poll_ms: 5 is less than the minimum of 10"),
    ("type: float32", "type: float64", ":11: sources[1].registers[0].type: 'float64' is not one of"),
    ("site: demo", "site: Demo", ":1: site: 'Demo' does not match"),
    ("max_seconds: 5}", "max_seconds: 5, extra: 1}", ":4: batch: unknown field(s) ('extra' was unexpected)"),
    ("store: {kind: local}", "store: {kind: s3}", ":5: store: 'bucket' is a required property"),
    ("when_full: block", "when_full: overwrite", ":3: spool.when_full: 'overwrite' is not one of"),
    ("name: press-modbus", "name: press-opcua", ":10: sources[1].name: 'press-opcua' is the name of another"),
    ('nodes: [{node: "ns=2;s=Press1.Temp", tag: temp}]', "nodes: [{tag: temp}]", ":9: sources[0].nodes[0]: "),
    ('endpoint: "opc.tcp://', 'endpoint: "http://', ":7: sources[0].endpoint: 'http://"),
    ("tag: temp}]}", "tag: temp}]", ":10: not valid YAML"),  # where the parser noticed
])
def test_an_error_names_the_file_line_and_field(old: str, new: str, where: str) -> None:
    assert old in CONFIG
    with pytest.raises(ConfigError) as refused:
        _parse(CONFIG.replace(old, new))
    assert str(refused.value).startswith(f"{PATH}{where}") and "\n" not in str(refused.value)


def test_a_password_needs_a_user_and_secrets_are_named_not_written() -> None:
    with pytest.raises(ConfigError, match=r":7: sources\[0\]: 'user' is a dependency of 'password_secret'"):
        _parse(CONFIG.replace("asset: press1,\n", "asset: press1, password_secret: opcua/press1,\n", 1))
    config = _parse(CONFIG.replace("asset: press1,\n", "asset: press1, user: reader, password_secret: opcua/p1,\n", 1))
    assert config.sources[0]["password_secret"] == "opcua/p1"  # type: ignore[attr-defined]


def test_only_source_changes_reload_without_a_restart() -> None:
    old = parse_config(CONFIG, PATH, Path("/data"))
    tags = parse_config(CONFIG.replace("tag: power", "tag: power_kw"), PATH, Path("/data"))
    moved = parse_config(CONFIG.replace("max_rows: 50000", "max_rows: 100"), PATH, Path("/data"))
    assert reloadable_change(old, tags) is None
    assert reloadable_change(old, moved) == "batch"
