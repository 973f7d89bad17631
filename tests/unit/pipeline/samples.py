"""Raw objects the way the shop floor and the collector write them, built in memory for the pipeline tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq

from mdap.domain.privacy.numbers import arn_check_digit, crn_check_digit, rrn_check_digit
from mdap.pipeline.steps import Inbound, Pseudonymizer, Reference

NOW = datetime(2024, 3, 6, 3, 0, tzinfo=UTC)
KEY = b"test-pseudonym-key-0123456789abcdef"
SITE = "incheon-1"
HEADER = ["로트번호", "검사일시", "검사자", "연락처", "판정", "불량코드", "비고"]
WORKERS = frozenset({"박지훈", "최유진"})


def rrn(front: str = "850315", back: str = "123456") -> str:
    digits = front + back
    return f"{front}-{back}{rrn_check_digit(digits)}"


def arn(front: str = "900101", back: str = "523456") -> str:
    digits = front + back
    return f"{front}-{back}{arn_check_digit(digits)}"


def crn(front: str = "110111", back: str = "234567") -> str:
    digits = front + back
    return f"{front}-{back}{crn_check_digit(digits)}"


def inspection_rows() -> list[list[str]]:
    """Seven good rows (one exact duplicate), one bad date, one unknown verdict, one missing lot number; the
    notes carry every kind of personal data, plus order and lot numbers that must stay readable."""
    return [
        ["LOT-240305-001", "2024-03-05 08:10", "김민준", "010-1234-5678", "합격", "", "이상 없음"],
        ["LOT-240305-002", "2024-03-05 08:40", "이서연", "010-2345-6789", "불합격", "D-12",
         f"이서연 재검, 연락처 010-2345-6789, 주민번호 {rrn()}"],
        ["LOT-240305-003", "2024/3/5 오후 2:05", "김민준", "", "합격", "", "작업지시 PO-2024-000123 확인"],
        ["LOT-240305-004", "2024.03.05 15:30", "박지훈", "02-123-4567", "불합격", "D-07",
         f"외국인 근로자 {arn()} 재교육, 협력사 사업자 220-81-62517, 법인 {crn()}"],
        ["LOT-240305-005", "2024-03-05 16:00", "이서연", "", "합격", "", "메일 lee.sy@example.co.kr 로 회신"],
        ["LOT-240305-006", "2024-03-05 16:30", "김민준", "", "합격", "", "=HYPERLINK(\"http://x\",\"클릭\")"],
        ["LOT-240305-002", "2024-03-05 08:40", "이서연", "010-2345-6789", "불합격", "D-12", "중복 입력"],
        ["LOT-240305-007", "2024-02-30 10:00", "김민준", "", "합격", "", "날짜 오류"],
        ["LOT-240305-008", "2024-03-05 17:00", "김민준", "", "보류", "", "판정 미정"],
        ["", "2024-03-05 17:30", "김민준", "", "합격", "", "로트 누락"],
        ["LOT-240305-009", "2024-03-05 18:00", "최유진", "010 9876 5432", "합격", "",
         "박지훈 님 확인, 로트 2403150001"],
    ]


def inspection_csv(encoding: str = "cp949", rows: list[list[str]] | None = None) -> bytes:
    lines = [",".join(HEADER)]
    for row in rows if rows is not None else inspection_rows():
        lines.append(",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in
                              (cell.replace('"', '""') for cell in row)))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def inspection_xlsx(rows: list[list[str]] | None = None, *, title: str | None = "품질 검사 기록") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(HEADER)
    for row in rows if rows is not None else inspection_rows():
        cells: list[object] = list(row)
        if cells[1] == "2024-03-05 08:10":
            cells[1] = datetime(2024, 3, 5, 8, 10)  # a real date cell, as Excel stores it
        sheet.append(cells)
    sink = io.BytesIO()
    workbook.save(sink)
    return sink.getvalue()


SENSOR_SCHEMA = pa.schema([
    ("asset", pa.string()), ("tag", pa.string()), ("ts", pa.timestamp("us")), ("value", pa.float64()),
    ("value_text", pa.string()), ("quality", pa.string()), ("device", pa.string()), ("seq", pa.int64()),
])  # fmt: skip


def sensor_parquet(rows: Sequence[tuple[object, ...]]) -> bytes:
    columns: list[Sequence[object]] = list(zip(*rows, strict=True)) if rows else [[] for _ in SENSOR_SCHEMA]
    table = pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(columns, SENSOR_SCHEMA, strict=True)],
                                 schema=SENSOR_SCHEMA)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def sensor_key(first: int, last: int, *, site: str = SITE, hour: str = "00") -> str:
    return (f"raw/sensor_readings/site={site}/source=opcua/date=2024-03-05/hour={hour}/"
            f"edge-01-{first}-{last}.parquet")


def at(minute: int, second: int = 0) -> datetime:
    """A reading time on 2024-03-05 (UTC), minutes and seconds after midnight (seconds may exceed 59)."""
    return datetime(2024, 3, 5) + timedelta(minutes=minute, seconds=second)


def inspection_inbound(data: bytes, name: str = "inspections.csv") -> Inbound:
    return Inbound(f"raw/inspection_records/site={SITE}/{name}", data)


def pseudonymizer() -> Pseudonymizer:
    return Pseudonymizer(KEY)


def reference() -> Reference:
    return Reference(worker_names=WORKERS)
