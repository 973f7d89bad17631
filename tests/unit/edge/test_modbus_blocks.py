"""Modbus register maps: one request per contiguous block, values decoded in every word and byte order."""

from __future__ import annotations

import pytest

from mdap_edge.sources.modbus_blocks import Point, decode, encode, plan_blocks


def _config(**tables: list[dict[str, object]]) -> dict[str, object]:
    return {"asset": "press1", **tables}


def test_contiguous_registers_share_one_request_and_a_gap_starts_another() -> None:
    blocks = plan_blocks(_config(registers=[
        {"address": 0, "type": "float32", "tag": "power"}, {"address": 2, "type": "uint16", "tag": "mode"},
        {"address": 3, "type": "int32", "tag": "count"}, {"address": 10, "type": "int16", "tag": "far"},
        {"address": 0, "table": "input", "type": "uint16", "tag": "temp"},
    ]))
    assert [(b.table, b.start, b.count, [p.tag for p in b.points]) for b in blocks] == [
        ("holding", 0, 5, ["power", "mode", "count"]), ("holding", 10, 1, ["far"]), ("input", 0, 1, ["temp"])]


def test_a_block_never_exceeds_the_protocol_limit() -> None:
    registers = [{"address": a, "type": "uint16", "tag": f"r{a}"} for a in range(300)]
    blocks = plan_blocks(_config(registers=registers))
    assert [b.count for b in blocks] == [125, 125, 50]


def test_coils_and_discrete_inputs_are_read_as_bit_blocks() -> None:
    blocks = plan_blocks(_config(coils=[{"address": 0, "tag": "alarm"}, {"address": 1, "tag": "run"}],
                                 discrete_inputs=[{"address": 5, "tag": "door"}]))
    assert [(b.table, b.start, b.count) for b in blocks] == [("coils", 0, 2), ("discrete_inputs", 5, 1)]


@pytest.mark.parametrize("kind, value", [("int16", -1234), ("uint16", 54321), ("int32", -123456789),
                                         ("uint32", 4_000_000_000), ("float32", 212.75)])
@pytest.mark.parametrize("word_order", ["big", "little"])
@pytest.mark.parametrize("byte_order", ["big", "little"])
def test_values_decode_in_every_word_and_byte_order(kind: str, value: float, word_order: str,
                                                    byte_order: str) -> None:
    width = 1 if kind.endswith("16") else 2
    point = Point(0, width, "t", "a", kind, word_order, byte_order)
    assert decode(point, encode(kind, value, word_order, byte_order)) == value


def test_word_order_is_which_register_holds_the_high_word() -> None:
    big = Point(0, 2, "t", "a", "uint32", "big", "big")
    little = Point(0, 2, "t", "a", "uint32", "little", "big")
    assert decode(big, [0x0001, 0x0002]) == 0x00010002
    assert decode(little, [0x0001, 0x0002]) == 0x00020001
    swapped = Point(0, 1, "t", "a", "uint16", "big", "little")
    assert decode(swapped, [0x1234]) == 0x3412


def test_scale_and_offset_apply_to_the_raw_value() -> None:
    point = Point(0, 1, "t", "a", "int16", scale=0.1, offset=-40.0)
    assert decode(point, encode("int16", 650)) == pytest.approx(25.0)
