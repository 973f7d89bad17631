"""The demo factory's servers: OPC UA (asyncua) for the moulding line, Modbus TCP (pymodbus) for the CNC cell.

OPC UA: namespace ``urn:mdap:demo-factory``; node ids ``ns=<i>;s=<Machine>.<signal>`` (e.g. IMM1.mould_temp),
also browsable as ``<i>:<Machine>/<i>:<signal>``; values carry source timestamps. Modbus unit 1, holding
registers from 0 (CNC_REGISTERS: float32 big-endian, counters uint32), coil 0 = alarm.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from datetime import UTC, datetime
from typing import Any

from mdap_edge.simulate.signals import Factory
from mdap_edge.sources.modbus_blocks import encode

NAMESPACE = "urn:mdap:demo-factory"
STEP_SECONDS = 0.2
# CNC1 signal -> (holding register address, type)
CNC_REGISTERS = {"spindle_speed": (0, "float32"), "spindle_load": (2, "float32"), "vibration": (4, "float32"),
                 "coolant_temp": (6, "float32"), "parts": (8, "uint32")}


async def serve(factory: Factory, host: str, opcua_port: int, modbus_port: int, stop: threading.Event) -> None:
    from asyncua import ua as protocol
    from asyncua.server.server import Server
    from pymodbus.server import ModbusTcpServer
    from pymodbus.simulator import DataType, SimData, SimDevice

    ua: Any = protocol  # NodeId and DataValue take plain ints and strings at run time
    server = Server()
    await server.init()
    server.set_endpoint(f"opc.tcp://{host}:{opcua_port}/")
    server.set_server_name("mdap demo factory")
    index = await server.register_namespace(NAMESPACE)
    nodes = {}
    for machine in factory.moulding:
        folder = await server.nodes.objects.add_object(ua.NodeId(machine.name, index), f"{index}:{machine.name}")
        factory.step(0.0)
        for name, value in machine.values.items():
            nodes[(machine.name, name)] = await folder.add_variable(
                ua.NodeId(f"{machine.name}.{name}", index), f"{index}:{name}", float(value))
    registers = ([SimData(0, count=16, values=False, datatype=DataType.BITS)],
                 [SimData(0, count=16, values=False, datatype=DataType.BITS)],
                 [SimData(0, count=32, values=0, datatype=DataType.REGISTERS)],
                 [SimData(0, count=16, values=0, datatype=DataType.REGISTERS)])
    modbus: Any = ModbusTcpServer(SimDevice(id=1, simdata=registers), address=(host, modbus_port))
    async with server:
        await modbus.serve_forever(background=True)
        try:
            while not stop.is_set():
                factory.step(STEP_SECONDS)
                await _publish(factory, nodes, modbus, ua)
                await asyncio.sleep(STEP_SECONDS)
        finally:
            with contextlib.suppress(Exception):
                await modbus.shutdown()


async def _publish(factory: Factory, nodes: dict[tuple[str, str], Any], modbus: Any, ua: Any) -> None:
    now = datetime.now(UTC)
    for machine in factory.moulding:
        for name, value in machine.values.items():
            variant = ua.Variant(float(value), ua.VariantType.Double)
            await nodes[(machine.name, name)].write_value(ua.DataValue(variant, SourceTimestamp=now,
                                                                       ServerTimestamp=now))
    for name, (address, kind) in CNC_REGISTERS.items():
        await modbus.async_setValues(1, 16, address, encode(kind, factory.cnc.values[name]))
    await modbus.async_setValues(1, 5, 0, [bool(factory.cnc.values["alarm"])])


def run(host: str, opcua_port: int, modbus_port: int, stop: threading.Event, seed: int = 7) -> None:
    asyncio.run(serve(Factory(seed), host, opcua_port, modbus_port, stop))
