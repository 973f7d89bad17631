"""`mdap pipeline process` and `mdap pipeline runs`: the shop floor's CP949 inspection file with Korean headers,
personal data, a duplicate and bad rows, through the same steps as a workflow run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mdap.bootstrap import bootstrap
from mdap.cli.main import cli
from mdap.domain.privacy.detect import find_personal_data
from mdap.localserver.demo_factory import DATA
from mdap.pipeline.reference import WORKERS_PREFIX
from mdap.settings import load_settings

WORKERS = frozenset({"김민준", "이서연", "박지호", "최영수", "정하늘", "한지민"})
PERSONAL = ("010-2345-6789", "010-9876-5432", "880315-2156783", "220-81-12341", "qa@daesung.co.kr", *WORKERS)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("MDAP_DATA_DIR", raising=False)
    raw = bootstrap(load_settings(profile="local", data_dir=tmp_path)).blobs["raw"]
    raw.put(f"{WORKERS_PREFIX}site=demo/workers.csv", (DATA / "workers.csv").read_bytes())  # the worker master
    yield tmp_path


def mdap(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], catch_exceptions=False)


def _curated_text(data_dir: Path) -> list[str]:
    engine = bootstrap(load_settings(profile="local", data_dir=data_dir)).query
    cells: list[str] = []
    for table in ("curated_inspection_records", "inspection_records_clean"):
        result = engine.query(f"SELECT * FROM {table}")
        cells += [str(value) for row in result.rows for value in row if value is not None]
    return cells


def test_a_cp949_inspection_file_with_korean_headers_is_cleaned_and_de_identified(data_dir: Path) -> None:
    source = DATA / "inspection_records.csv"
    assert source.read_bytes().decode("cp949").startswith("로트번호,검사일시,검사자")
    done = mdap(data_dir, "pipeline", "process", str(source), "--site", "demo")  # dataset detected from the header
    assert done.exit_code == 0, done.output
    assert "inspection_records / demo: run inspection_records-" in done.output
    assert "rows in 11  out 7  duplicates 1  quarantined 3" in done.output
    assert "quarantined by reason:\n    invalid_type   1\n    invalid_value  1\n    missing_value  1" in done.output
    cells = _curated_text(data_dir)
    assert len(cells) > 40
    for cell in cells:  # no personal data left in any curated column
        assert find_personal_data(cell, WORKERS) == [], cell
        assert not any(value in cell for value in PERSONAL), cell
    assert "작업지시 2025030400123 확인" in cells  # an order number is not a resident registration number
    assert "'=HYPERLINK(\"http://example.com\",\"열기\")" in cells  # a formula is neutralised, not run


def test_bad_rows_are_quarantined_with_reasons_and_the_run_is_listed(data_dir: Path) -> None:
    mdap(data_dir, "pipeline", "process", str(DATA / "inspection_records.csv"), "--site", "demo")
    engine = bootstrap(load_settings(profile="local", data_dir=data_dir)).query
    rows = engine.query("SELECT object, row_number, reason_code FROM quarantine ORDER BY row_number").rows
    assert rows == [("inspection_records.csv", 8, "invalid_value"), ("inspection_records.csv", 9, "missing_value"),
                    ("inspection_records.csv", 10, "invalid_type")]
    assert engine.query("SELECT count(*) FROM inspection_records_clean").rows == [(7,)]
    listed = mdap(data_dir, "pipeline", "runs")
    assert listed.exit_code == 0 and "inspection_records" in listed.output and "succeeded" in listed.output
    assert "(1 row)" in listed.output
    as_json = mdap(data_dir, "pipeline", "runs", "--format", "json", "--dataset", "inspection_records")
    assert '"source": "cli"' in as_json.output and '"quarantined": 3' in as_json.output


def test_processing_the_same_file_again_changes_no_curated_row(data_dir: Path) -> None:
    source = str(DATA / "inspection_records.csv")
    mdap(data_dir, "pipeline", "process", source, "--site", "demo")
    engine = bootstrap(load_settings(profile="local", data_dir=data_dir)).query
    before = engine.query("SELECT * FROM inspection_records_clean ORDER BY lot_no, inspected_at").rows
    again = mdap(data_dir, "pipeline", "process", source, "--site", "demo", "--dataset", "inspection_records")
    assert "out 0  duplicates 8" in again.output  # every row was curated already
    after = bootstrap(load_settings(profile="local", data_dir=data_dir)).query
    assert after.query("SELECT * FROM inspection_records_clean ORDER BY lot_no, inspected_at").rows == before
    assert after.query("SELECT count(*) FROM quarantine").rows == [(3,)]  # the file's rejects replaced, not added


def test_raw_objects_are_processed_by_key(data_dir: Path) -> None:
    raw = bootstrap(load_settings(profile="local", data_dir=data_dir)).blobs["raw"]
    key = "raw/production_orders/site=demo/orders.csv"
    raw.put(key, (DATA / "production_orders.csv").read_bytes())
    done = mdap(data_dir, "pipeline", "process", key)
    assert done.exit_code == 0, done.output
    assert "production_orders / demo" in done.output and "quarantined 1" in done.output


def test_paths_that_are_neither_files_nor_raw_objects_are_refused_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    missing = mdap(data_dir, "pipeline", "process", "raw/nothing/here.csv")
    assert missing.exit_code == 2 and "neither a file nor an object" in missing.output
    unknown = tmp_path / "notes.txt"
    unknown.write_text("hello\nworld\n")
    refused = mdap(data_dir, "pipeline", "process", str(unknown))
    assert refused.exit_code == 2 and "give --dataset" in refused.output
    assert mdap(data_dir, "pipeline", "process", str(unknown), "--dataset", "nope").exit_code == 2


def test_mdap_query_answers_show_tables_and_describe_from_the_catalog(data_dir: Path) -> None:
    shown = mdap(data_dir, "query", "SHOW TABLES")
    assert shown.exit_code == 0 and "sensor_readings_clean" in shown.output
    assert "\nquarantine_rows " not in shown.output  # restricted: not listed
    described = mdap(data_dir, "query", "DESCRIBE inspection_records_clean", "--format", "csv")
    assert described.exit_code == 0
    assert "inspector_name,string,column,검사자(키 기반 가명)" in described.output
