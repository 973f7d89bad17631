"""enrich (asset master, shifts, orders, inspections), 1-minute rollups, data quality, k-anonymity."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest

from mdap.pipeline.contracts import load_contracts
from mdap.pipeline.enrich import enrich
from mdap.pipeline.quality import QUALITY_SCHEMA, k_anonymity, quality
from mdap.pipeline.rollup import ROLLUP_SCHEMA, rollup_1m
from mdap.pipeline.stage import QUARANTINE_SCHEMA, Reference
from tests.unit.pipeline.samples import NOW

CONTRACTS = load_contracts()
T = pa.timestamp("us")


def _readings(times: list[datetime], values: list[float | None], asset: str = "IM-01") -> pa.Table:
    n = len(times)
    return pa.table({"asset": [asset] * n, "tag": ["temp"] * n, "ts": pa.array(times, T), "value": values,
                     "value_text": pa.nulls(n, pa.string()), "quality": ["good"] * n, "source": ["opcua"] * n,
                     "device": ["e"] * n, "seq": list(range(n)), "site": ["s1"] * n,
                     "date": ["2024-03-05"] * n})


def _reference() -> Reference:
    assets = pa.table({"site": ["s1", "s1"], "asset": ["IM-01", "IM-01"], "line": ["L1", "L1"],
                       "kind": ["사출기", "사출기"], "item": [None, "CAP-7"], "ideal_cycle_s": [30.0, 25.0]})
    shifts = pa.table({"site": ["s1", "s1", "s1"], "line": [None, None, "L1"], "shift": ["주간", "주간", "주간"],
                       "kind": ["work", "break", "maintenance"],
                       "start": pa.array([datetime(2024, 3, 5, 0), datetime(2024, 3, 5, 3),
                                          datetime(2024, 3, 5, 5)], T),
                       "end": pa.array([datetime(2024, 3, 5, 8), datetime(2024, 3, 5, 4),
                                        datetime(2024, 3, 5, 6)], T)})
    orders = pa.table({"site": ["s1", "s1"], "order_no": ["PO-1", "PO-2"], "item": ["CAP-7", "CAP-9"],
                       "asset": ["IM-01", "IM-01"], "line": ["L1", "L1"], "lot_no": ["LOT-1", "LOT-2"],
                       "start": pa.array([datetime(2024, 3, 5, 1), datetime(2024, 3, 5, 4)], T),
                       "end": pa.array([datetime(2024, 3, 5, 3), None], T)})
    inspections = pa.table({"site": ["s1"] * 3, "lot_no": ["LOT-1", "LOT-1", "LOT-2"],
                            "result": ["pass", "fail", "pass"]})
    return Reference(assets=assets, shifts=shifts, production_orders=orders, inspection_records=inspections)


def test_readings_get_line_shift_planned_stops_and_the_running_order() -> None:
    hours = [datetime(2024, 3, 5, h, 30) for h in (0, 1, 3, 5, 9)]
    out = enrich(CONTRACTS["sensor_readings"], _readings(hours, [1.0] * 5), _reference())
    assert out["line"].to_pylist() == ["L1"] * 5 and out["asset_kind"][0].as_py() == "사출기"
    assert out["shift"].to_pylist() == ["주간", "주간", "주간", "주간", None]
    assert out["planned_stop"].to_pylist() == [None, None, "break", "maintenance", None]
    assert out["order_no"].to_pylist() == [None, "PO-1", None, "PO-2", "PO-2"]  # PO-2 has no end yet
    assert out.schema.names == CONTRACTS["sensor_readings"].curated_schema_with_partitions().names


def test_orders_get_the_ideal_cycle_time_for_their_item_and_their_lot_inspections() -> None:
    orders = pa.table({"order_no": ["PO-1", "PO-2"], "item": ["CAP-7", "CAP-9"], "asset": ["IM-01", "IM-01"],
                       "lot_no": ["LOT-1", "LOT-3"], "start": pa.array([datetime(2024, 3, 5, 1)] * 2, T),
                       "site": ["s1", "s1"], "date": ["2024-03-05"] * 2})
    out = enrich(CONTRACTS["production_orders"], orders, _reference())
    assert out["ideal_cycle_s"].to_pylist() == [25.0, 30.0]  # the item's own, else the asset's default
    assert out["inspected"].to_pylist() == [2, None] and out["failed"].to_pylist() == [1, None]


def test_inspections_get_their_lot_order_and_shift() -> None:
    records = pa.table({"lot_no": ["LOT-2", "LOT-X"], "inspected_at": pa.array([datetime(2024, 3, 5, 5, 10)] * 2, T),
                        "result": ["pass", "fail"], "site": ["s1", "s1"], "date": ["2024-03-05"] * 2})
    out = enrich(CONTRACTS["inspection_records"], records, _reference())
    assert out["order_no"].to_pylist() == ["PO-2", None] and out["shift"].to_pylist() == ["주간", "주간"]


def test_missing_references_leave_context_null_and_keep_every_row() -> None:
    out = enrich(CONTRACTS["sensor_readings"], _readings([datetime(2024, 3, 5, 1)], [1.0]), Reference())
    assert out.num_rows == 1 and out["line"].null_count == 1


def test_rollup_per_minute_ignores_bad_readings_in_the_statistics() -> None:
    times = [datetime(2024, 3, 5, 0, 0, s) for s in (1, 20, 40)] + [datetime(2024, 3, 5, 0, 1, 5)]
    table = _readings(times, [1.0, 5.0, 3.0, 7.0])
    table = table.set_column(table.schema.get_field_index("quality"), "quality",
                             pa.array(["good", "bad", "good", "good"]))
    out = rollup_1m(table)
    assert out.schema == ROLLUP_SCHEMA
    assert out.select(["count", "min", "max", "avg", "last"]).to_pylist() == [
        {"count": 3, "min": 1.0, "max": 3.0, "avg": 2.0, "last": 3.0},
        {"count": 1, "min": 7.0, "max": 7.0, "avg": 7.0, "last": 7.0}]


def test_quality_per_site_day_and_tag() -> None:
    curated = _readings([datetime(2024, 3, 5, 1)] * 3, [1.0, None, 2.0]).append_column(
        "late", pa.array([False, True, False]))
    rejected = pa.table({"dataset": ["sensor_readings"], "object": ["raw/sensor_readings/site=s1/x.parquet"],
                         "row_number": [4], "reason_code": ["out_of_range"], "reason": ["…"],
                         "original": ['{"tag": "temp", "ts": "2024-03-05T01:00:00Z", "value": "1e15"}']},
                        schema=QUARANTINE_SCHEMA)
    groups = [{"site": "s1", "date": "2024-03-05", "tag": "temp", "duplicates": 2}]
    out = quality(CONTRACTS["sensor_readings"], curated, rejected, duplicates=groups, now=NOW)
    assert out.schema == QUALITY_SCHEMA and out.num_rows == 1
    row = out.to_pylist()[0]
    assert (row["rows"], row["quarantined"], row["duplicates"]) == (3, 1, 2)
    assert row["validity"] == pytest.approx(0.75) and row["timeliness"] == pytest.approx(2 / 3)
    assert row["completeness"] == pytest.approx(1 - 1 / 3 / 8)  # one of eight measures (value or text) empty


def test_k_anonymity_reports_the_smallest_group_of_quasi_identifiers() -> None:
    table = pa.table({"site": ["s"] * 6, "line": ["L1"] * 5 + ["L2"], "shift": ["주간"] * 6,
                      "inspector_name": ["psn_a"] * 5 + ["psn_b"]})
    report = k_anonymity(CONTRACTS["inspection_records"], table)
    assert (report["k"], report["rows_below_target"], report["satisfied"]) == (1, 1, False)


def test_quality_counts_no_duplicates_as_zero_and_an_unassigned_total_as_unknown() -> None:
    curated = _readings([datetime(2024, 3, 5, 1)] * 2, [1.0, 2.0]).append_column("late", pa.array([False, False]))
    rejected = QUARANTINE_SCHEMA.empty_table()
    contract = CONTRACTS["sensor_readings"]
    assert quality(contract, curated, rejected, duplicates=[], now=NOW)["duplicates"].to_pylist() == [0]
    assert quality(contract, curated, rejected, duplicates=0, now=NOW)["duplicates"].to_pylist() == [0]
    assert quality(contract, curated, rejected, duplicates=5, now=NOW)["duplicates"].to_pylist() == [None]
