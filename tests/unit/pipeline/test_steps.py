"""run_steps end to end: shop-floor files in, curated rows out with no personal data left in any column."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from mdap.domain.privacy.detect import find_personal_data
from mdap.pipeline.contracts import load_contracts
from mdap.pipeline.steps import Inbound, Reference, StepsResult, run_steps
from tests.unit.pipeline.samples import (
    NOW,
    SITE,
    WORKERS,
    arn,
    at,
    inspection_csv,
    inspection_inbound,
    inspection_rows,
    inspection_xlsx,
    pseudonymizer,
    reference,
    rrn,
    sensor_key,
    sensor_parquet,
)

ORDERS_CSV = ("작업지시번호,품목,계획수량,실적수량,시작일시,종료일시,라인,설비,로트번호,작업자\n"
              "PO-2024-000123,CAP-7,1000,980,2024-03-05 08:00,2024-03-05 12:00,L1,IM-01,LOT-240305-001,김민준\n"
              "PO-2024-000124,CAP-9,500,,2024-03-05 13:00,,L1,IM-01,LOT-240305-004,박지훈\n")
SENSOR_NOTES = ["작업자 김민준 호출 010-1111-2222", f"신원 {rrn('700101', '234567')}", "RUNNING", "=1+1",
                f"외국인 {arn()}", "kim@example.com 회신"]
PEOPLE = frozenset({"김민준", "이서연", "박지훈", "최유진"}) | WORKERS


def _inspections(data: bytes, name: str) -> StepsResult:
    return run_steps("inspection_records", [inspection_inbound(data, name)], reference=reference(),
                     pseudonymizer=pseudonymizer(), now=NOW)


def _sensors() -> StepsResult:
    rows: list[tuple[object, ...]] = [("IM-01", "temp", at(0, i), 20.0 + i, None, "good", "edge-01", i)
                                      for i in range(20)]
    rows += [("IM-01", "memo", at(1, i), None, note, "good", "edge-01", 100 + i) for i, note in
             enumerate(SENSOR_NOTES)]
    # Readings have no name column: names in their free text are known only from the worker master.
    return run_steps("sensor_readings", [Inbound(sensor_key(0, 200), sensor_parquet(rows))],
                     reference=Reference(worker_names=PEOPLE), pseudonymizer=pseudonymizer(), now=NOW)


def _orders() -> StepsResult:
    return run_steps("production_orders", [Inbound(f"raw/production_orders/site={SITE}/mes.csv",
                                                   ORDERS_CSV.encode("cp949"))],
                     reference=reference(), pseudonymizer=pseudonymizer(), now=NOW)


@pytest.mark.parametrize(("data", "name"), [(inspection_csv("cp949"), "a.csv"), (inspection_xlsx(), "a.xlsx")])
def test_a_korean_inspection_file_comes_out_clean_deduplicated_and_accounted_for(data: bytes, name: str) -> None:
    result = _inspections(data, name)
    counts = result.counts
    assert counts["rows_in"] == len(inspection_rows()) == counts["rows_out"] + counts["duplicates"] + counts[
        "quarantined"]
    assert (counts["duplicates"], counts["quarantined"]) == (1, 3)
    assert result.quarantined_by_reason == {"invalid_type": 1, "invalid_value": 1, "missing_value": 1}
    assert result.curated["result"].to_pylist().count("fail") == 2
    assert "inspector_phone" not in result.curated.column_names
    assert result.curated.schema.names == load_contracts()["inspection_records"].curated_schema_with_partitions(
    ).names
    assert result.quality.num_rows >= 1 and result.k_anonymity is not None


def test_csv_and_xlsx_of_the_same_records_give_the_same_curated_rows() -> None:
    csv = _inspections(inspection_csv("cp949"), "a.csv").curated
    xlsx = _inspections(inspection_xlsx(rows=[r for r in inspection_rows() if not r[6].startswith("=")]),
                        "a.xlsx").curated
    csv = csv.filter(pc.invert(pc.starts_with(csv["note"], "'=")))
    assert csv.drop_columns(["note"]).equals(xlsx.drop_columns(["note"]))


def test_quarantine_keeps_the_original_cells_and_a_korean_reason() -> None:
    result = _inspections(inspection_csv("cp949"), "a.csv")
    row = result.quarantine.to_pylist()[0]
    assert row["dataset"] == "inspection_records" and row["row_number"] == 9
    assert "2024-02-30" in row["original"] and "검사일시" in row["original"] and "형식" in row["reason"]


def test_sensor_batches_get_rollups_and_flags() -> None:
    result = _sensors()
    assert result.rollup is not None
    temp = result.rollup.filter(pc.equal(result.rollup["tag"], "temp"))
    assert temp["count"].to_pylist() == [20] and temp["max"].to_pylist() == [39.0]
    assert result.counts["rows_out"] == 26 and result.k_anonymity is None
    notes = [v for v in result.curated["value_text"].to_pylist() if v]
    assert "'=1+1" in notes and "RUNNING" in notes


def test_no_curated_column_of_any_dataset_holds_personal_data() -> None:
    """Every detector over every curated column of every test dataset: nothing found."""
    results = [_inspections(inspection_csv("cp949"), "a.csv"), _inspections(inspection_xlsx(), "b.xlsx"),
               _sensors(), _orders()]
    for result in results:
        for name in result.curated.column_names:
            values = pc.unique(result.curated[name].cast(pa.string())).drop_null().to_pylist()
            for value in values:
                assert find_personal_data(value, PEOPLE) == [], (result.dataset, name, value)


def test_a_run_over_nothing_but_damage_reports_instead_of_failing() -> None:
    objects = [inspection_inbound(b"", "empty.csv"), inspection_inbound(b"PAR1 broken", "x.parquet"),
               inspection_inbound(b"\xff\xfe\x00garbage\x00\xff" * 50, "noise.csv")]
    result = run_steps("inspection_records", objects, reference=Reference(), pseudonymizer=pseudonymizer(), now=NOW)
    assert result.curated.num_rows == 0 and result.counts["objects"] == 3
    assert result.counts["objects_rejected"] == 1 and result.quarantined_by_reason["unreadable_object"] == 1
    assert result.counts["rows_in"] == result.counts["rows_out"] + result.counts["quarantined"]
