"""OPC UA with Basic256Sha256 (SignAndEncrypt) and a user name whose password comes from a secret: a server that
accepts nothing else, the collector as a process with the password in its environment."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.integration.edge.collector import CollectorProcess, config, local_lake, wait_for
from tests.integration.edge.ports import free_port

PASSWORD = "press-비밀-1"


class _Users:
    def get_user(self, iserver: Any, username: str | None = None, password: str | None = None,
                 certificate: Any = None) -> Any:
        from asyncua.crypto.permission_rules import User, UserRole

        return User(role=UserRole.User) if (username, password) == ("collector", PASSWORD) else None


async def _certificate(folder: Path, name: str, uri: str, server: bool) -> tuple[Path, Path]:
    from asyncua.crypto.cert_gen import setup_self_signed_certificate
    from cryptography.x509.oid import ExtendedKeyUsageOID

    key, cert = folder / f"{name}.pem", folder / f"{name}.der"
    use = [ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH]
    await setup_self_signed_certificate(key, cert, uri, "localhost", use, {"commonName": name})
    return key, cert


@pytest.fixture
def secure_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    port = free_port()
    state: dict[str, Any] = {}

    async def start() -> None:
        from asyncua import ua
        from asyncua.server.server import Server

        key, cert = await _certificate(tmp_path, "server", "urn:mdap:test-secure-server", server=True)
        server = Server(user_manager=_Users())
        await server.init()
        server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/")
        server.set_security_policy([ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt])
        await server.load_certificate(str(cert))
        await server.load_private_key(str(key))
        index = await server.register_namespace("urn:mdap:test-secure")
        node = await server.nodes.objects.add_variable(ua.NodeId("Press.Temp", index), f"{index}:Temp", 0.0)
        await server.start()
        state["server"] = server

        async def produce() -> None:
            value = 200.0
            while True:
                value += 1
                now = datetime.now(UTC)
                await node.write_value(ua.DataValue(ua.Variant(value, ua.VariantType.Double), SourceTimestamp=now))
                await asyncio.sleep(0.1)

        state["task"] = loop.create_task(produce())

    asyncio.run_coroutine_threadsafe(start(), loop).result(60)
    yield f"opc.tcp://127.0.0.1:{port}/", tmp_path

    async def stop() -> None:
        state["task"].cancel()
        with contextlib.suppress(BaseException):
            await state["task"]
        await state["server"].stop()

    asyncio.run_coroutine_threadsafe(stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)


def test_a_signed_and_encrypted_session_with_a_password_from_the_environment(
        secure_server: tuple[str, Path], tmp_path: Path, collectors: list[CollectorProcess]) -> None:
    endpoint, folder = secure_server
    key, cert = asyncio.run(_certificate(folder, "client", "urn:mdap:edge-collector", server=False))
    source = {"name": "press", "kind": "opcua", "endpoint": endpoint, "asset": "press1", "sampling_ms": 50,
              "publishing_ms": 200, "nodes": [{"node": "nsu=urn:mdap:test-secure;s=Press.Temp", "tag": "temp"}],
              "security": {"policy": "Basic256Sha256", "mode": "SignAndEncrypt", "certificate": str(cert),
                           "private_key": str(key)},
              "user": "collector", "password_secret": "opcua/press1"}
    wrong = CollectorProcess(tmp_path / "wrong", config([source]), env={"MDAP_EDGE_SECRET_OPCUA_PRESS1": "nope"})
    good = CollectorProcess(tmp_path / "good", config([source]), env={"MDAP_EDGE_SECRET_OPCUA_PRESS1": PASSWORD})
    collectors += [wrong, good]
    wrong.start()
    good.start()
    good.wait_connected("press")
    wait_for(lambda: len(local_lake(good.data_dir)) >= 10, 20, f"readings over the secure channel\n{good.log()}")
    assert all(row["quality"] == "good" and row["value"] >= 200 for row in local_lake(good.data_dir))
    refused = wait_for(lambda: (wrong.status().get("sources") or [{}])[0].get("last_error"), 20,
                       "the wrong password refused")
    assert wrong.status()["sources"][0]["state"] != "connected", refused
    assert not (wrong.data_dir / "blobs" / "raw" / "raw").exists()
