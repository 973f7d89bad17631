"""de-identify: per-column policy, free-text masking with known names, formula neutralisation."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest

from mdap.pipeline.contracts import load_contracts, parse_contract
from mdap.pipeline.deidentify import deidentify, neutralise_formulas
from mdap.pipeline.pseudonym import Pseudonymizer
from tests.unit.pipeline.samples import KEY, rrn

INSPECTIONS = load_contracts()["inspection_records"]


def _inspections(**columns: list[object]) -> pa.Table:
    n = len(next(iter(columns.values())))
    base: dict[str, object] = {"lot_no": [f"L-{i}" for i in range(n)], "inspector_name": ["김민준"] * n,
                               "inspector_phone": ["010-1234-5678"] * n, "note": [None] * n,
                               "_original": ["{}"] * n, "_object": ["o"] * n, "_row": list(range(n))}
    base.update(columns)
    return pa.table(base)


def test_policies_drop_pseudonymise_and_mask_free_text() -> None:
    table = _inspections(note=["김민준 확인, 이서연 호출 010-9876-5432", f"주민 {rrn()}"],
                         inspector_name=["김민준", "이서연"])
    stage = deidentify(INSPECTIONS, table, Pseudonymizer(KEY))
    out = stage.table
    assert "inspector_phone" not in out.column_names and "_original" not in out.column_names
    assert out["inspector_name"].to_pylist() == [Pseudonymizer(KEY).pseudonym("김민준"),
                                                 Pseudonymizer(KEY).pseudonym("이서연")]
    assert out["note"].to_pylist() == ["[이름] 확인, [이름] 호출 [휴대전화]", "주민 [주민등록번호]"]
    assert stage.report["policies"] == {"inspector_name": "pseudonym", "inspector_phone": "drop",
                                        "note": "free_text"}


def test_names_from_the_worker_master_are_masked_too() -> None:
    stage = deidentify(INSPECTIONS, _inspections(note=["박지훈 님 확인"]), Pseudonymizer(KEY),
                       known_names=frozenset({"박지훈"}))
    assert stage.table["note"].to_pylist() == ["[이름] 님 확인"]


def test_the_same_person_has_the_same_pseudonym_in_every_dataset() -> None:
    orders = load_contracts()["production_orders"]
    a = deidentify(orders, pa.table({"operator_name": ["김민준"]}), Pseudonymizer(KEY)).table
    b = deidentify(INSPECTIONS, _inspections(inspector_name=["김민준"]), Pseudonymizer(KEY)).table
    assert a["operator_name"].to_pylist() == b["inspector_name"].to_pylist()


@pytest.mark.parametrize(("cell", "out"), [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+cmd", "'+cmd"), ("@SUM(1)", "'@SUM(1)"), ("-2+3", "'-2+3"),
    ("\t=1", "'\t=1"), ("-5", "-5"), ("+1,200.5", "+1,200.5"), ("정상", "정상"), (None, None),
])  # fmt: skip
def test_formula_text_is_neutralised_but_signed_numbers_are_not(cell: str | None, out: str | None) -> None:
    table = neutralise_formulas(pa.table({"t": pa.array([cell], pa.string())}))
    assert table["t"].to_pylist() == [out]
    encoded = neutralise_formulas(pa.table({"t": pa.array([cell, cell], pa.string()).dictionary_encode()}))
    assert encoded["t"].to_pylist() == [out, out]


def test_mask_and_generalise_policies() -> None:
    contract = parse_contract("p.yaml", {
        "name": "p", "description": "", "kind": "reference", "time_column": None, "keys": ["site"],
        "partitions": ["site"], "columns": [
            {"name": "phone", "type": "string", "pii": "mask"},
            {"name": "age", "type": "bigint", "pii": "generalise", "granularity": "band:10"},
            {"name": "seen", "type": "timestamp", "pii": "generalise", "granularity": "hour"},
            {"name": "zip", "type": "string", "pii": "generalise", "granularity": "prefix:3"}]})
    table = pa.table({"phone": ["010-1234-5678"], "age": [37], "seen": pa.array([datetime(2024, 3, 5, 14, 37)]),
                      "zip": ["21999"]})
    out = deidentify(contract, table, Pseudonymizer(KEY)).table
    assert out.to_pylist() == [{"phone": "***-****-5678", "age": 30, "seen": datetime(2024, 3, 5, 14),
                                "zip": "219*"}]


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError):
        Pseudonymizer(b"short")
    assert "key=***" in repr(Pseudonymizer(KEY))
