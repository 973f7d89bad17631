"""validate and clean: types, units, ranges, clocks, duplicates, flags — every rejected row has its reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa
import pytest

from mdap.pipeline.clean import clean
from mdap.pipeline.contracts import load_contracts, parse_contract
from mdap.pipeline.read import read_objects
from mdap.pipeline.stage import Inbound
from mdap.pipeline.validate import validate
from tests.unit.pipeline.samples import NOW, at, sensor_key, sensor_parquet

SENSORS = load_contracts()["sensor_readings"]
ORDERS = load_contracts()["production_orders"]
ASSETS = load_contracts()["assets"]


def _orders(text: str) -> pa.Table:
    return read_objects(ORDERS, [Inbound("raw/production_orders/site=s1/mes.csv", text.encode())]).table


def _sensors(*batches: Sequence[tuple[object, ...]]) -> pa.Table:
    objects = [Inbound(sensor_key(i, i), sensor_parquet(rows)) for i, rows in enumerate(batches)]
    return validate(SENSORS, read_objects(SENSORS, objects).table).table


def test_text_cells_become_typed_values_and_bad_cells_are_quarantined_with_their_column() -> None:
    table = _orders("작업지시번호,계획수량,실적수량,시작일시,종료일시\n"
                    "PO-1,\"1,200\",1180,2024-03-05 08:00,2024-03-05 17:00\n"
                    "PO-2,many,10,2024-03-05 08:00,\n"
                    "PO-3,12.0,99999999999999999999,2024-03-05 08:00,\n"
                    "PO-4,5,5,어제,\n")
    stage = validate(ORDERS, table)
    assert stage.table["planned_qty"].to_pylist() == [1200]
    assert stage.table["start"][0].as_py() == datetime(2024, 3, 4, 23, 0)  # KST 08:00
    reasons = dict(zip(stage.rejected["row_number"].to_pylist(), stage.rejected["reason"].to_pylist(), strict=True))
    assert reasons[3].startswith("planned_qty") and reasons[4].startswith("actual_qty")
    assert reasons[5].startswith("start") and set(stage.rejected["reason_code"].to_pylist()) == {"invalid_type"}


def test_numbers_with_units_are_converted_to_the_column_unit() -> None:
    table = read_objects(ASSETS, [Inbound("raw/assets/site=s1/a.csv",
                                          "설비,이상사이클타임\nA,1500 ms\nB,2 min\nC,12\nD,3 kg\n".encode())]).table
    stage = validate(ASSETS, table)
    assert stage.table["ideal_cycle_s"].to_pylist() == [1.5, 120.0, 12.0]
    assert stage.rejected["reason_code"].to_pylist() == ["unknown_unit"]


def test_invalid_utf8_inside_parquet_strings_is_quarantined_by_row() -> None:
    table = pa.table({"asset": pa.array([b"IM-01", b"IM-\xff"], pa.binary()).cast(pa.string(), safe=False),
                      "tag": ["t", "t"], "ts": pa.array([at(0), at(1)], pa.timestamp("us")),
                      "quality": ["good", "good"], "site": ["s", "s"], "_object": ["o", "o"], "_row": [1, 2]})
    stage = validate(SENSORS, table)
    assert stage.table["_row"].to_pylist() == [1] and stage.rejected["reason_code"].to_pylist() == ["invalid_text"]


def test_clean_maps_values_checks_ranges_and_clocks() -> None:
    rows = [("A", "t", at(0), 1.0, None, "good", "e", 1), ("A", "t", at(1), 2.0, None, "양호", "e", 2),
            ("A", "t", at(2), 3.0, None, "broken", "e", 3), ("A", "t", at(3), 1e15, None, "good", "e", 4),
            ("A", "t", at(4), float("inf"), None, "good", "e", 5),
            ("A", "t", datetime(2025, 1, 1), 1.0, None, "good", "e", 6),
            ("A", "t", datetime(1970, 1, 1), 1.0, None, "good", "e", 7)]
    stage = clean(SENSORS, _sensors(rows), now=NOW)
    assert stage.table["quality"].to_pylist() == ["good", "good"]
    assert stage.rejected["reason_code"].to_pylist() == ["invalid_value", "out_of_range", "out_of_range",
                                                         "future_timestamp", "out_of_range"]
    assert "허용 범위" in stage.rejected["reason"][1].as_py()


def test_duplicates_keep_the_first_in_object_order_and_rows_come_out_sorted_by_the_keys() -> None:
    first = [("B", "t", at(1), 1.0, None, "good", "e", 1), ("A", "t", at(0), 1.0, None, "good", "e", 2)]
    resent = [("A", "t", at(0), 9.0, None, "good", "e", 3)]
    stage = clean(SENSORS, _sensors(first, resent), now=NOW)
    assert stage.table["asset"].to_pylist() == ["A", "B"] and stage.table["value"].to_pylist() == [1.0, 1.0]
    assert stage.report["duplicates"] == 1
    assert stage.report["duplicate_groups"] == [{"site": "incheon-1", "date": "2024-03-05", "tag": "t",
                                                  "duplicates": 1}]


def test_a_later_export_of_an_order_replaces_the_earlier_when_the_contract_keeps_the_last() -> None:
    header = "작업지시번호,시작일시,실적수량\n"
    objects = [Inbound("raw/production_orders/site=s1/1.csv", (header + "PO-1,2024-03-05 08:00,10\n").encode()),
               Inbound("raw/production_orders/site=s1/2.csv", (header + "PO-1,2024-03-05 08:00,90\n").encode())]
    stage = clean(ORDERS, validate(ORDERS, read_objects(ORDERS, objects).table).table, now=NOW)
    assert stage.table["actual_qty"].to_pylist() == [90]


def test_rows_already_curated_by_an_earlier_run_count_as_duplicates() -> None:
    table = _sensors([("A", "t", at(0), 1.0, None, "good", "e", 1), ("A", "t", at(1), 2.0, None, "good", "e", 2)])
    existing = pa.table({"site": ["incheon-1"], "asset": ["A"], "tag": ["t"],
                         "ts": pa.array([at(0)], pa.timestamp("us"))})
    stage = clean(SENSORS, table, now=NOW, existing_keys=existing)
    assert stage.table["seq"].to_pylist() == [2] and stage.report["duplicates_of_earlier_runs"] == 1


def test_stuck_sensors_gaps_and_late_readings_are_flagged_not_dropped() -> None:
    steady = [("A", "t", at(0, s * 10), 5.0, None, "good", "e", s) for s in range(12)]  # 12 equal over 110 s
    moving = [("A", "u", at(0, s * 10), float(s), None, "good", "e", 100 + s) for s in range(3)]
    moving.append(("A", "u", at(20), 1.0, None, "good", "e", 200))  # 20 minutes of silence
    stage = clean(SENSORS, _sensors(steady + moving), now=NOW)
    table = stage.table
    assert table["stuck"].to_pylist() == [True] * 12 + [False] * 4
    assert table["gap_s"].to_pylist()[-1] == pytest.approx(1180.0) and table["gap_s"].null_count == 15
    assert all(table["late"].to_pylist())  # a day old when processed
    assert set(table["date"].to_pylist()) == {"2024-03-05"}


def test_kst_date_partition_follows_the_korean_day() -> None:
    stage = clean(SENSORS, _sensors([("A", "t", datetime(2024, 3, 5, 14, 59), 1.0, None, "good", "e", 1),
                                     ("A", "t", datetime(2024, 3, 5, 15, 0), 1.0, None, "good", "e", 2)]), now=NOW)
    assert stage.table["date"].to_pylist() == ["2024-03-05", "2024-03-06"]


def test_tie_breaks_choose_among_duplicates() -> None:
    contract = parse_contract("d.yaml", {
        "name": "d", "description": "", "kind": "reference", "time_column": None, "keys": ["k"],
        "partitions": ["site"], "tie_break": ["v"], "columns": [{"name": "k", "type": "string"},
                                                               {"name": "v", "type": "bigint"}]})
    table = pa.table({"k": ["x", "x", "y"], "v": [3, 1, 2], "site": ["s"] * 3, "_object": ["o"] * 3,
                      "_row": [1, 2, 3]})
    assert clean(contract, table, now=NOW).table["v"].to_pylist() == [1, 2]
