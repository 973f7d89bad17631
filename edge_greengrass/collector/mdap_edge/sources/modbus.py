"""Modbus TCP (pymodbus): polls contiguous blocks at a fixed rate; reconnects forever with capped backoff.

The poll schedule is a fixed grid (start + k * poll_ms): a slow poll skips the slots it missed instead of
drifting. All points of one poll share its receive timestamp (Modbus carries none). A block the device
refuses (an exception response) gives ``bad`` readings for its points; a lost connection gives none.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from mdap_edge.backoff import Backoff
from mdap_edge.reading import BAD, GOOD, Reading, ReceiveClock, reading
from mdap_edge.sources import Source
from mdap_edge.sources.modbus_blocks import Block, decode, plan_blocks

RECONNECT_CAP_SECONDS = 5.0
_READ = {"holding": "read_holding_registers", "input": "read_input_registers", "coils": "read_coils",
         "discrete_inputs": "read_discrete_inputs"}


class DeviceRefused(Exception):
    pass


class ModbusSource(Source):
    def run(self, stop: threading.Event) -> None:
        from pymodbus.client import ModbusTcpClient

        blocks = plan_blocks(self.config)
        period = float(self.config.get("poll_ms", 1000)) / 1000
        backoff = Backoff(initial=0.2, cap=RECONNECT_CAP_SECONDS)
        receive = ReceiveClock()
        while not stop.is_set():
            client: Any = ModbusTcpClient(self.config["host"], port=int(self.config.get("port", 502)),
                                     timeout=float(self.config.get("timeout_ms", 1000)) / 1000, retries=0)
            self.health.connecting()
            try:
                if not client.connect():
                    raise ConnectionError(f"cannot connect to {self.config['host']}:{self.config.get('port', 502)}")
                self.health.connected()
                backoff.reset()
                self._poll(client, blocks, period, receive, stop)
            except Exception as exc:
                self.health.failed(exc)
            finally:
                client.close()
            stop.wait(backoff.next_delay())

    def _poll(self, client: Any, blocks: list[Block], period: float, receive: ReceiveClock,
              stop: threading.Event) -> None:
        unit = int(self.config.get("unit", 1))
        start = time.monotonic()
        slot = 0
        while not stop.is_set():
            ts = receive.now()
            rows = [row for block in blocks for row in self._read(client, block, unit, ts)]
            self.health.received(self.emit(rows).accepted)
            slot = max(slot + 1, int((time.monotonic() - start) / period) + 1)
            stop.wait(max(0.0, start + slot * period - time.monotonic()))

    def _read(self, client: Any, block: Block, unit: int, ts: int) -> list[Reading]:
        response = getattr(client, _READ[block.table])(block.start, count=block.count, device_id=unit)
        if response.isError():
            if not hasattr(response, "exception_code"):
                raise ConnectionError(str(response))
            self.health.failed(f"{block.table} {block.start}+{block.count} refused: {response}")
            return [reading(p.asset, p.tag, ts, None, BAD, "modbus") for p in block.points]
        if block.table in ("coils", "discrete_inputs"):
            bits = response.bits
            return [reading(p.asset, p.tag, ts, bool(bits[p.address - block.start]), GOOD, "modbus")
                    for p in block.points]
        words = response.registers
        return [reading(p.asset, p.tag, ts, decode(p, words[p.address - block.start:p.address - block.start + p.width]),
                        GOOD, "modbus") for p in block.points]


SOURCE = ModbusSource
