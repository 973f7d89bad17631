"""Modbus register maps: contiguous blocks (one request per block) and value decoding (no I/O)."""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = {"int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2}
_FORMAT = {"int16": "h", "uint16": "H", "int32": "i", "uint32": "I", "float32": "f"}
MAX_REGISTERS = 125  # per read request (Modbus application protocol)
MAX_BITS = 2000


@dataclass(frozen=True)
class Point:
    address: int
    width: int
    tag: str
    asset: str
    type: str = "bit"
    word_order: str = "big"
    byte_order: str = "big"
    scale: float = 1.0
    offset: float = 0.0


@dataclass(frozen=True)
class Block:
    table: str  # holding | input | coils | discrete_inputs
    start: int
    count: int
    points: tuple[Point, ...]


def plan_blocks(config: Mapping[str, Any]) -> list[Block]:
    """Every configured point in the fewest requests: points whose ranges touch or overlap share a block."""
    asset = str(config["asset"])
    tables: dict[str, list[Point]] = {}
    for item in config.get("registers", []):
        kind = item.get("type", "uint16")
        tables.setdefault(item.get("table", "holding"), []).append(Point(
            item["address"], WIDTH[kind], item["tag"], item.get("asset", asset), kind,
            item.get("word_order", "big"), item.get("byte_order", "big"), float(item.get("scale", 1.0)),
            float(item.get("offset", 0.0))))
    for table in ("coils", "discrete_inputs"):
        for item in config.get(table, []):
            tables.setdefault(table, []).append(Point(item["address"], 1, item["tag"], item.get("asset", asset)))
    return [block for table, points in sorted(tables.items()) for block in _blocks(table, points)]


def _blocks(table: str, points: list[Point]) -> list[Block]:
    limit = MAX_BITS if table in ("coils", "discrete_inputs") else MAX_REGISTERS
    blocks: list[Block] = []
    current: list[Point] = []
    start = end = 0
    for point in sorted(points, key=lambda p: (p.address, p.width)):
        stop = point.address + point.width
        if current and point.address <= end and max(end, stop) - start <= limit:
            current.append(point)
            end = max(end, stop)
            continue
        if current:
            blocks.append(Block(table, start, end - start, tuple(current)))
        current, start, end = [point], point.address, stop
    if current:
        blocks.append(Block(table, start, end - start, tuple(current)))
    return blocks


def decode(point: Point, words: Sequence[int]) -> float:
    """A register value (1 or 2 words) with its word and byte order, then ``raw * scale + offset``."""
    ordered = list(words) if point.word_order == "big" else list(reversed(words))
    raw = b"".join(word.to_bytes(2, point.byte_order) for word in ordered)  # type: ignore[arg-type]
    value = struct.unpack(">" + _FORMAT[point.type], raw)[0]
    return float(value) * point.scale + point.offset


def encode(kind: str, value: float, word_order: str = "big", byte_order: str = "big") -> list[int]:
    """The registers a device holds for ``value`` (the inverse of decode with scale 1, offset 0)."""
    fmt = ">" + _FORMAT[kind]
    raw = struct.pack(fmt, int(value) if kind != "float32" else value)
    words = [int.from_bytes(raw[i:i + 2], byte_order) for i in range(0, len(raw), 2)]  # type: ignore[arg-type]
    return words if word_order == "big" else list(reversed(words))
