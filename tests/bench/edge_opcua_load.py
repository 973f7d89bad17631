"""An OPC UA server with N tags that all change once a second (the load of the OPC UA benchmark).

    python -m tests.bench.edge_opcua_load PORT TAGS

Prints "ready" when serving, then one line per round of changes (every tag once), so the benchmark knows how
many changes the server really produced. Values are written with write_attribute_value.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from typing import Any


async def serve(port: int, tags: int) -> None:
    from asyncua import ua as protocol
    from asyncua.server.server import Server

    ua: Any = protocol
    server = Server()
    await server.init()
    server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/")
    index = await server.register_namespace("urn:mdap:bench")
    folder = await server.nodes.objects.add_object(ua.NodeId("Bench", index), f"{index}:Bench")
    nodes = [await folder.add_variable(ua.NodeId(f"Bench.t{i}", index), f"{index}:t{i}", 0.0) for i in range(tags)]
    ids = [node.nodeid for node in nodes]
    async with server:
        print("ready", flush=True)
        tick = 0
        while True:
            tick += 1
            now = datetime.now(UTC)
            for i, nodeid in enumerate(ids):
                value = ua.DataValue(ua.Variant(float(tick * 10_000 + i), ua.VariantType.Double),
                                     SourceTimestamp=now, ServerTimestamp=now)
                await server.write_attribute_value(nodeid, value)
            print(f"round {tick}", flush=True)
            await asyncio.sleep(max(0.0, 1.0 - (datetime.now(UTC) - now).total_seconds()))


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), int(sys.argv[2])))
