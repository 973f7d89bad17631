"""read: every format and encoding the shop floor sends; nothing read is lost, damage is quarantined."""

from __future__ import annotations

import json

import pyarrow as pa

from mdap.pipeline.contracts import load_contracts
from mdap.pipeline.read import read_objects
from mdap.pipeline.stage import Inbound
from tests.unit.pipeline.samples import (
    at,
    inspection_csv,
    inspection_inbound,
    inspection_rows,
    inspection_xlsx,
    sensor_key,
    sensor_parquet,
)

INSPECTIONS = load_contracts()["inspection_records"]
SENSORS = load_contracts()["sensor_readings"]


def test_cp949_csv_is_detected_and_korean_headers_map_to_columns() -> None:
    stage = read_objects(INSPECTIONS, [inspection_inbound(inspection_csv("cp949"))])
    key = "raw/inspection_records/site=incheon-1/inspections.csv"
    assert stage.report["encodings"] == {key: "cp949"}
    assert stage.table.num_rows == len(inspection_rows()) and stage.rejected.num_rows == 0
    assert stage.table["inspector_name"][0].as_py() == "김민준" and stage.table["site"][0].as_py() == "incheon-1"
    assert stage.table["_row"].to_pylist()[:2] == [2, 3]  # the header is row 1 of the file
    assert json.loads(stage.table["_original"][0].as_py())["로트번호"] == "LOT-240305-001"


def test_xlsx_with_a_title_row_finds_its_header_and_reads_date_cells() -> None:
    stage = read_objects(INSPECTIONS, [inspection_inbound(inspection_xlsx(), "inspections.xlsx")])
    assert stage.report["formats"] == {"raw/inspection_records/site=incheon-1/inspections.xlsx": "xlsx"}
    assert stage.table.num_rows == len(inspection_rows())
    assert stage.table["inspected_at"][0].as_py() == "2024-03-05 08:10:00"
    assert stage.table["_row"][0].as_py() == 4  # title, blank, header


def test_unknown_and_missing_columns_are_reported_and_rows_without_a_required_column_quarantined() -> None:
    data = "로트번호,판정,메모2\nL-1,합격,x\n".encode()
    stage = read_objects(INSPECTIONS, [inspection_inbound(data)])
    key = "raw/inspection_records/site=incheon-1/inspections.csv"
    assert stage.report["unknown_columns"] == {key: ["메모2"]}
    assert "inspected_at" in stage.report["missing_columns"][key]
    assert stage.table.num_rows == 0 and stage.rejected["reason_code"].to_pylist() == ["missing_column"]


def test_damaged_empty_and_ragged_objects_never_stop_the_batch() -> None:
    good = inspection_inbound(inspection_csv("utf-8"), "good.csv")
    objects = [good, inspection_inbound(b"", "empty.csv"), inspection_inbound(b"PAR1\x00broken", "bad.parquet"),
               inspection_inbound(b"PK\x03\x04 not a zip", "bad.xlsx"),
               inspection_inbound("로트번호,검사일시,판정\nL-1,2024-03-05 10:00,합격,extra\n".encode(), "ragged.csv")]
    stage = read_objects(INSPECTIONS, objects)
    assert stage.table.num_rows == len(inspection_rows())
    by_object = dict(zip(stage.rejected["object"].to_pylist(), stage.rejected["reason_code"].to_pylist(),
                         strict=True))
    assert by_object["raw/inspection_records/site=incheon-1/bad.parquet"] == "unreadable_object"
    assert by_object["raw/inspection_records/site=incheon-1/bad.xlsx"] == "unreadable_object"
    assert by_object["raw/inspection_records/site=incheon-1/ragged.csv"] == "malformed_row"
    assert stage.report["empty_objects"] == ["raw/inspection_records/site=incheon-1/empty.csv"]


def test_bytes_that_are_not_text_in_the_detected_encoding_quarantine_their_row_only() -> None:
    data = "로트번호,검사일시,판정\nL-1,2024-03-05 10:00,합격\n".encode() + b"L-2,2024-03-05 11:00,\xff\xfe\n"
    stage = read_objects(INSPECTIONS, [inspection_inbound(data)])
    assert stage.table["lot_no"].to_pylist() == ["L-1"]
    assert stage.rejected["reason_code"].to_pylist() == ["invalid_text"]
    assert stage.rejected["row_number"].to_pylist() == [3]


def test_json_lines_are_read_with_their_line_numbers() -> None:
    lines = [{"lot_no": "L-1", "inspected_at": "2024-03-05T01:00:00Z", "result": "pass"}, "not json",
             {"lot_no": "L-2", "inspected_at": "2024-03-05T02:00:00Z", "result": "fail", "extra": 1}]
    data = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines).encode()
    stage = read_objects(INSPECTIONS, [inspection_inbound(data, "x.jsonl")])
    assert stage.table["_row"].to_pylist() == [1, 3] and stage.rejected["row_number"].to_pylist() == [2]


def test_collector_parquet_gets_site_and_source_from_its_key() -> None:
    rows = [("IM-01", "temp", at(0), 1.0, None, "good", "edge-01", 1)]
    stage = read_objects(SENSORS, [Inbound(sensor_key(1, 1), sensor_parquet(rows))])
    table = stage.table
    assert table["site"][0].as_py() == "incheon-1" and table["source"][0].as_py() == "opcua"
    assert table.schema.field("ts").type == pa.timestamp("us") and "_original" not in table.column_names


def test_objects_are_read_in_key_order_whatever_order_they_come_in() -> None:
    first = Inbound(sensor_key(1, 1), sensor_parquet([("A", "t", at(0), 1.0, None, "good", "e", 1)]))
    second = Inbound(sensor_key(2, 2), sensor_parquet([("A", "t", at(1), 2.0, None, "good", "e", 2)]))
    forward = read_objects(SENSORS, [first, second]).table
    backward = read_objects(SENSORS, [second, first]).table
    assert forward.equals(backward)
