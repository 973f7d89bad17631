"""Status records through the Table port, the status view, and where secrets come from (no I/O)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mdap.cli.edge import render
from mdap_edge.secrets import EnvironmentSecrets, GreengrassSecrets, SecretMissing, env_name, in_greengrass
from mdap_edge.status import StatusReporter, heartbeat_age, read_statuses, status_key, write_status
from tests.unit.fakes import InMemoryTable

RECORD = {"state": "running", "heartbeat_at": "2025-03-01T09:00:00+00:00",
          "spool": {"readings": 12, "bytes": 2048, "max_bytes": 512 * 1024 * 1024, "when_full": "block"},
          "refused": 3, "duplicates_dropped": 1,
          "uploader": {"state": "retrying", "batches": 4, "readings": 400, "failures": 2,
                       "last_error": "EndpointConnectionError", "last_upload_at": None},
          "sources": [{"name": "press-opcua", "kind": "opcua", "state": "connected", "rate_per_s": 10.0,
                       "readings": 100, "errors": 0, "last_error": None, "last_error_at": None},
                      {"name": "plc", "kind": "modbus", "state": "connected", "rate_per_s": 4.0, "readings": 40,
                       "errors": 2, "last_error": "ConnectionRefusedError",
                       "last_error_at": "2025-03-01T08:59:58.125000+00:00"}]}


def test_a_collector_writes_one_status_item_per_device_listed_across_sites() -> None:
    table = InMemoryTable()
    write_status(table, "demo", "edge-01", RECORD)
    write_status(table, "demo", "edge-01", {**RECORD, "refused": 4})  # replaced, not added
    write_status(table, "hanbit", "edge-01", RECORD)
    assert status_key("demo", "edge-01") == ("EDGE#demo", "DEVICE#edge-01")
    every = read_statuses(table)
    assert [(r["site"], r["device"]) for r in every] == [("demo", "edge-01"), ("hanbit", "edge-01")]
    assert every[0]["refused"] == 4
    assert [r["site"] for r in read_statuses(table, "hanbit")] == ["hanbit"]


def test_a_failing_table_never_stops_the_collector() -> None:
    class Broken(InMemoryTable):
        def put(self, *args: Any, **kwargs: Any) -> Any:
            raise OSError("disk full")

    reporter = StatusReporter(Broken(), "demo", "edge-01", lambda: RECORD)
    assert reporter.report() == RECORD and reporter.last_error == "OSError: disk full"


def test_the_status_view_shows_heartbeat_spool_refusals_uploads_and_sources() -> None:
    text = render([{**RECORD, "site": "demo", "device": "edge-01", "heartbeat_at": None}])
    assert "demo/edge-01  running" in text and "refused 3" in text and "spool 12 readings" in text
    assert "uploader retrying" in text and "EndpointConnectionError" in text
    assert "press-opcua" in text and "connected" in text
    # a source that has recovered still shows when its last error was, so an old one reads as old
    assert "2 error(s), last at 2025-03-01 08:59:58 UTC ConnectionRefusedError" in text
    assert text.count("last at") == 1  # not on the source without errors
    from datetime import UTC, datetime

    assert heartbeat_age(RECORD, datetime(2025, 3, 1, 9, 0, 30, tzinfo=UTC)) == 30.0


def test_local_secrets_come_from_named_environment_variables() -> None:
    assert env_name("opcua/press-1") == "MDAP_EDGE_SECRET_OPCUA_PRESS_1"
    secrets = EnvironmentSecrets({"MDAP_EDGE_SECRET_OPCUA_PRESS_1": "s3cret"})
    assert secrets.get("opcua/press-1") == "s3cret"
    with pytest.raises(SecretMissing, match="MDAP_EDGE_SECRET_MQTT"):
        secrets.get("mqtt")


def test_in_greengrass_secrets_come_from_the_secret_manager_over_ipc() -> None:
    class Ipc:
        def get_secret_value(self, secret_id: str) -> Any:
            if secret_id != "mdap-edge/demo/opcua":
                raise RuntimeError("ResourceNotFoundError")
            return SimpleNamespace(secret_value=SimpleNamespace(secret_string="from-secret-manager"))

    secrets = GreengrassSecrets(Ipc())
    assert secrets.get("mdap-edge/demo/opcua") == "from-secret-manager"
    with pytest.raises(SecretMissing, match="Greengrass secret manager refused"):
        secrets.get("mdap-edge/demo/other")
    assert in_greengrass({"AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT": "/s", "SVCUID": "x"})
    assert not in_greengrass({})
