"""Real servers on loopback for the edge tests, each recording what it produced.

- OpcUaServer (asyncua): tags ``t0..tN`` under ``ns=2;s=Line.<tag>``, a new value every ``period`` with its
  source timestamp, and ``setpoint``, written once per server start; restartable on the same port. Each
  produced value records whether its node was monitored at that moment: OPC UA reports changes only to a
  subscription's monitored items, and a client creates those after the subscription, one request later.
- ModbusServer (pymodbus): holding registers 0-1 a uint32 counter, 2-3 its float32 half; the counter steps every
  ``hold`` seconds; can drop every client connection; counts requests per second.
- Mosquitto (Debian's broker) with unlimited queues, and a QoS 1 publisher that records every acknowledged
  publish.
- MotoS3 (moto's threaded server) with the raw bucket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import struct
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mdap_edge.reading import micros
from tests.integration.edge.ports import free_port


@dataclass(frozen=True)
class Produced:
    tag: str
    ts: int  # µs
    value: float
    subscribed: bool = True


class _LoopThread:
    """An asyncio loop on its own thread, to run a server beside the test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine: Any, timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


class OpcUaServer:
    def __init__(self, tags: int = 4, period: float = 0.1) -> None:
        self.port = free_port()
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/"
        self.tags = [f"t{i}" for i in range(tags)]
        self.period = period
        self.produced: list[Produced] = []
        self._loop = _LoopThread()
        self._server: Any = None
        self._task: Any = None
        self._counter = 0

    def start(self) -> None:
        self._loop.run(self._start())

    def stop(self) -> None:
        self._loop.run(self._stop())

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        self._loop.close()

    def subscribed(self) -> bool:
        return self.subscriptions() > 0

    def subscriptions(self) -> int:
        """Subscriptions the server holds (one of a killed client lives on until its session times out)."""
        return 0 if self._server is None else len(self._server.iserver.subscription_service.subscriptions)

    def monitored(self) -> set[str]:
        """Tags with a data-change monitored item in any subscription: the changes the server will report.
        asyncua keeps the items in its per-subscription service, not behind a public accessor."""
        from asyncua import ua

        if self._server is None:
            return set()
        return {str(item.read_value_id.NodeId.Identifier).removeprefix("Line.")
                for subscription in self._server.iserver.subscription_service.subscriptions.values()
                for item in subscription.monitored_item_srv._monitored_items.values()
                if item.read_value_id is not None and item.read_value_id.AttributeId == ua.AttributeIds.Value}

    async def _start(self) -> None:
        from asyncua import Server, ua

        server = Server()
        await server.init()
        server.set_endpoint(self.endpoint)
        index = await server.register_namespace("urn:mdap:test-line")
        line = await server.nodes.objects.add_object(ua.NodeId("Line", index), f"{index}:Line")
        nodes = {tag: await line.add_variable(ua.NodeId(f"Line.{tag}", index), f"{index}:{tag}", 0.0)
                 for tag in self.tags}
        setpoint = await line.add_variable(ua.NodeId("Line.setpoint", index), f"{index}:setpoint", 0.0)
        await server.start()
        now = datetime.now(UTC)
        await setpoint.write_value(ua.DataValue(ua.Variant(215.0, ua.VariantType.Double), SourceTimestamp=now,
                                                ServerTimestamp=now))
        self.produced.append(Produced("setpoint", micros(now), 215.0, True))  # sent as the initial value
        self._server = server
        self._task = asyncio.get_running_loop().create_task(self._produce(nodes, ua))

    async def _produce(self, nodes: dict[str, Any], ua: Any) -> None:
        while True:
            now = datetime.now(UTC)
            # asked on the server's own loop before the writes: an item created while they await is not counted,
            # so its first values are only left out of what a test expects, never wrongly expected
            monitored = self.monitored()
            for index, (tag, node) in enumerate(nodes.items()):
                self._counter += 1
                value = float(self._counter * 10 + index)
                await node.write_value(ua.DataValue(ua.Variant(value, ua.VariantType.Double), SourceTimestamp=now,
                                                    ServerTimestamp=now))
                self.produced.append(Produced(tag, micros(now), value, tag in monitored))
            await asyncio.sleep(self.period)

    async def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task
        if self._server is not None:
            await self._server.stop()
        self._server = self._task = None


class ModbusServer:
    def __init__(self, hold: float = 0.5) -> None:
        self.port = free_port()
        self.hold = hold
        self.values: list[int] = []  # every counter value it held
        self.requests: list[float] = []  # monotonic time of every read request
        self._loop = _LoopThread()
        self._server: Any = None
        self._stepping: asyncio.Task[None] | None = None
        self._loop.run(self._start())

    async def _start(self) -> None:
        from pymodbus.server import ModbusTcpServer
        from pymodbus.simulator import DataType, SimData, SimDevice

        blocks = ([SimData(0, count=8, values=False, datatype=DataType.BITS)],
                  [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                  [SimData(0, count=16, values=0, datatype=DataType.REGISTERS)],
                  [SimData(0, count=8, values=0, datatype=DataType.REGISTERS)])
        device = SimDevice(id=1, simdata=blocks, action=self._count)
        self._server = ModbusTcpServer(device, address=("127.0.0.1", self.port))
        await self._server.serve_forever(background=True)
        self._stepping = asyncio.get_running_loop().create_task(self._step())

    async def _count(self, *args: Any) -> None:
        self.requests.append(time.monotonic())

    async def _step(self) -> None:
        counter = 0
        while True:
            counter += 1
            words = list(struct.unpack(">HH", struct.pack(">I", counter)))
            words += list(struct.unpack(">HH", struct.pack(">f", counter / 2)))
            await self._server.async_setValues(1, 16, 0, words)
            self.values.append(counter)
            await asyncio.sleep(self.hold)

    def drop_connections(self) -> int:
        async def drop() -> int:
            connections = list(self._server.active_connections.values())
            for connection in connections:
                connection.transport.abort()
            return len(connections)

        return int(self._loop.run(drop()))

    def rate(self, start: float, end: float) -> float:
        return sum(1 for moment in self.requests if start <= moment < end) / (end - start)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._loop.run(self._stop())
        self._loop.close()

    async def _stop(self) -> None:
        if self._stepping is not None:
            self._stepping.cancel()  # ended before the loop closes, not destroyed while pending
            with contextlib.suppress(asyncio.CancelledError):
                await self._stepping
        await self._server.shutdown()


class Mosquitto:
    def __init__(self, workdir: Path) -> None:
        if shutil.which("mosquitto") is None and not Path("/usr/sbin/mosquitto").exists():
            raise RuntimeError("Debian's mosquitto is not installed (make test installs it)")
        self.port = free_port()
        conf = workdir / "mosquitto.conf"
        conf.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        "max_queued_messages 0\nmax_inflight_messages 20\n")
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self._process = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        _wait_port(self.port)

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(10)


class Publisher:
    """Publishes ``{"ts": <µs>, "v": n}`` at QoS 1; ``sent`` holds every publish the broker acknowledged."""

    def __init__(self, port: int, topic: str = "plant/press1/temp") -> None:
        import paho.mqtt.client as mqtt

        self.topic = topic
        self.sent: list[tuple[int, int]] = []  # (ts µs, n)
        self._client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="test-publisher")
        self._client.max_queued_messages_set(0)
        self._client.connect("127.0.0.1", port)
        self._client.loop_start()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._n = 0

    def start(self, per_second: float) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(per_second,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def _run(self, per_second: float) -> None:
        while not self._stop.wait(1 / per_second):
            self._n += 1
            ts = time.time_ns() // 1000
            info = self._client.publish(self.topic, json.dumps({"ts": ts, "v": self._n}), qos=1)
            info.wait_for_publish(10)
            self.sent.append((ts, self._n))

    def close(self) -> None:
        self.stop()
        self._client.disconnect()
        self._client.loop_stop()


class MotoS3:
    def __init__(self, bucket: str = "mdap-raw") -> None:
        import boto3
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.bucket = bucket
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{self.port}", region_name="ap-northeast-2",
                                   aws_access_key_id="testing", aws_secret_access_key="testing")
        self.client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})

    def objects(self) -> dict[str, bytes]:
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                found[item["Key"]] = self.client.get_object(Bucket=self.bucket, Key=item["Key"])["Body"].read()
        return found

    def close(self) -> None:
        self._server.stop()


def _wait_port(port: int, timeout: float = 10) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")
