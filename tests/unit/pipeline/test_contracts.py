"""Dataset contracts: one YAML per dataset, validated, and the dataset of an object detected."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from mdap.pipeline.contracts import ContractError, detect_dataset, load_contracts, parse_contract


def test_every_dataset_of_the_issue_has_a_contract() -> None:
    contracts = load_contracts()
    assert set(contracts) == {"sensor_readings", "production_orders", "inspection_records", "assets", "shifts"}
    inspections = contracts["inspection_records"]
    assert [c.name for c in inspections.columns] == ["lot_no", "inspected_at", "inspector_name", "inspector_phone",
                                                     "result", "defect_code", "note"]
    korean = ["로트번호", "검사일시", "검사자", "연락처", "판정", "불량코드", "비고"]
    assert [inspections.column_for(h) for h in korean] == [c.name for c in inspections.columns]
    assert inspections.raw_prefix == "raw/inspection_records/"


def test_curated_schema_leaves_out_dropped_columns_and_partitions() -> None:
    schema = load_contracts()["inspection_records"].curated_schema()
    assert "inspector_phone" not in schema.names and "site" not in schema.names and "date" not in schema.names
    assert schema.field("inspected_at").type == pa.timestamp("us") and "order_no" in schema.names
    sensors = load_contracts()["sensor_readings"]
    assert sensors.partitions == ("site", "date") and sensors.curated_schema().field("stuck").type == pa.bool_()


@pytest.mark.parametrize(("key", "header", "dataset"), [
    ("raw/sensor_readings/site=a/source=opcua/date=2024-03-05/hour=00/edge-1-2.parquet", None, "sensor_readings"),
    ("production_orders/export.xlsx", None, "production_orders"),
    ("uploads/검사.csv", ["로트번호", "검사일시", "판정", "비고"], "inspection_records"),
    ("mes.csv", ["작업지시번호", "품목", "시작일시", "종료일시"], "production_orders"),
    ("x.csv", ["설비", "라인", "설비종류"], "assets"),
    ("x.csv", ["이름", "나이"], None),
])  # fmt: skip
def test_dataset_is_detected_from_the_key_or_the_header(key: str, header: list[str] | None,
                                                         dataset: str | None) -> None:
    assert detect_dataset(key, header) == dataset


def _minimal(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "demo", "description": "d", "kind": "events", "time_column": "ts",
                            "keys": ["site", "ts"], "partitions": ["site", "date"],
                            "columns": [{"name": "ts", "type": "timestamp", "required": True}]}
    data.update(overrides)
    return data


@pytest.mark.parametrize(("overrides", "field"), [
    ({"columns": [{"name": "ts", "type": "datetime"}]}, "columns[0](ts).type"),
    ({"keys": ["site", "nope"]}, "keys.nope"),
    ({"time_column": None}, "time_column"),
    ({"columns": [{"name": "ts", "type": "timestamp", "pii": "hide"}]}, "columns[0](ts).pii"),
    ({"columns": [{"name": "ts", "type": "timestamp"}, {"name": "a", "type": "string", "aliases": ["TS"]}]},
     "columns(a).aliases"),
    ({"colums": []}, "colums"),
    ({"checks": {"stuck_minutes": 3}}, "checks"),
])  # fmt: skip
def test_a_bad_contract_names_the_file_and_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ContractError) as refused:
        parse_contract("demo.yaml", _minimal(**overrides))
    assert str(refused.value).startswith(f"demo.yaml: {field}:")


def test_a_minimal_contract_parses() -> None:
    contract = parse_contract("demo.yaml", _minimal())
    assert contract.keys == ("site", "ts") and contract.checks.stuck_readings == 0
