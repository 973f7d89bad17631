"""Manual shop-floor data over HTTP on a live platform: a CP949 CSV and an XLSX with mixed errors give exact
report counts and row-level reasons in Korean; nothing is committed before the commit; a correction is a new
version with its history; accepted rows reach the curated view; exports are formula-safe; sites are enforced.
R-PLT-6: upload of manual shop-floor data, with management and updates."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from tests.live import LiveServer, live_platform

SITE = "plant-m"
HEADER = ["로트번호", "검사일시", "검사자", "판정", "불량코드", "비고"]
ROWS = [  # row 2 … 10 of the file (the header is row 1)
    ["LOT-M-01", "2026-03-02 09:10", "김민준", "합격", "", ""],
    ["LOT-M-02", "2026-03-02 09:20", "이서연", "불합격", "D-12", "=HYPERLINK(\"http://x\")"],
    ["LOT-M-03", "2026-03-02 09:30", "박지호", "보류", "", ""],  # row 4: invalid value
    ["", "2026-03-02 09:40", "최영수", "합격", "", ""],  # row 5: lot missing
    ["LOT-M-05", "2026-13-45 08:00", "정하늘", "합격", "", ""],  # row 6: not a time
    ["LOT-M-06", "2026-03-02 10:00", "한지민", "합격", "", ""],
    ["LOT-M-06", "2026-03-02 10:00", "한지민", "합격", "", ""],  # row 8: duplicate of row 7
    ["LOT-M-08", "2026-03-02 10:20", "김민준", "양품", "", ""],
    ["LOT-M-09", "2026-03-02 10:30", "이서연", "NG", "D-03", "=1+1"],  # row 10: kept, formula neutralised
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("manual"), login_attempts_per_address_15min=10_000) as server:
        identity: Any = server.platform.container.identity
        identity.create_user("other@plant.kr", "다른 공장", ["factory"], "other-password-1", "plant-x")
        identity.create_user("own@plant.kr", "우리 공장", ["factory"], "own-password-1", SITE)
        yield server


def _token(live: LiveServer, email: str, password: str) -> dict[str, str]:
    reply = requests.post(f"{live.url}/api/auth/login", json={"email": email, "password": password}, timeout=30)
    return {"Authorization": f"Bearer {reply.json()['id_token']}"}


@pytest.fixture(scope="module")
def staff(live: LiveServer) -> dict[str, str]:
    return _token(live, *live.logins["staff"])


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([HEADER, *rows])
    return out.getvalue().encode(encoding)


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _api(live: LiveServer, who: dict[str, str], method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, f"{live.url}/api{path}", json=body, headers=who, timeout=60)


def _upload(live: LiveServer, who: dict[str, str], name: str, data: bytes, site: str | None = SITE) -> str:
    started = _api(live, who, "POST", "/data/uploads", {"dataset": "inspection_records", "site": site,
                                                        "filename": name, "size": len(data)})
    assert started.status_code == 201, started.text
    put = requests.put(started.json()["upload_url"], data=data, headers=started.json()["headers"], timeout=30)
    assert put.status_code in (200, 201, 204), put.text
    return str(started.json()["upload"]["id"])


def test_a_cp949_csv_with_mixed_errors_gives_exact_counts_and_reasons_and_commits_nothing_before(
        live: LiveServer, staff: dict[str, str]) -> None:
    upload = _upload(live, staff, "검사기록.csv", _csv(ROWS, "cp949"))
    checked = _api(live, staff, "POST", f"/data/uploads/{upload}/check").json()
    assert (checked["status"], checked["encoding"], checked["counts"]) == (
        "checked", "cp949", {"rows": 9, "accepted": 5, "rejected": 3, "duplicates": 1})
    assert checked["duplicate_rows"] == [8]
    rows = _api(live, staff, "GET", f"/data/uploads/{upload}/rows").json()["items"]
    problems = [(r["row"], r["problem"]["header"], r["problem"]["value"], r["problem"]["code"]) for r in rows]
    assert problems == [(4, "판정", "보류", "invalid_value"), (5, "로트번호", None, "missing_value"),
                        (6, "검사일시", "2026-13-45 08:00", "invalid_type")]
    assert rows[2]["problem"]["reason"] == "검사일시 값을 일시 형식으로 읽을 수 없습니다"
    assert not list(live.platform.container.blobs["raw"].list(f"raw/inspection_records/site={SITE}/"))


def test_a_correction_is_a_new_version_with_its_history_and_the_rows_reach_the_curated_view(
        live: LiveServer, staff: dict[str, str]) -> None:
    upload = _upload(live, staff, "inspections.csv", _csv(ROWS, "cp949"))
    _api(live, staff, "POST", f"/data/uploads/{upload}/check")
    stale = _api(live, staff, "PUT", f"/data/uploads/{upload}/rows/6",
                 {"cells": {"검사일시": "x"}, "expect_version": 7})
    assert stale.status_code == 409
    fixed = _api(live, staff, "PUT", f"/data/uploads/{upload}/rows/6",
                 {"cells": {"검사일시": "2026-03-02 09:50"}, "expect_version": 1}).json()
    assert (fixed["status"], fixed["version"], fixed["problem"]) == ("accepted", 2, None)
    [change] = fixed["history"]
    assert change["by"] == live.logins["staff"][0] and change["before"]["status"] == "rejected"
    assert (change["before"]["cells"]["검사일시"], change["after"]["cells"]["검사일시"]) == (
        "2026-13-45 08:00", "2026-03-02 09:50")
    assert _api(live, staff, "GET", f"/data/uploads/{upload}").json()["counts"]["accepted"] == 6

    committed = _api(live, staff, "POST", f"/data/uploads/{upload}/commit").json()
    assert (committed["status"], committed["committed_rows"]) == ("committed", 6)
    assert _api(live, staff, "POST", f"/data/uploads/{upload}/commit").status_code == 409  # once
    later = _api(live, staff, "PUT", f"/data/uploads/{upload}/rows/4", {"cells": {"판정": "불합격"}}).json()
    assert later["status"] == "accepted" and later["raw_key"].endswith(f"manual-{upload}-row4-v2.csv")
    lots = _curated_lots(live, expected=7)
    assert lots == {"LOT-M-01", "LOT-M-02", "LOT-M-03", "LOT-M-05", "LOT-M-06", "LOT-M-08", "LOT-M-09"}


def _curated_lots(live: LiveServer, expected: int) -> set[str]:
    engine = live.platform.container.query
    deadline = time.monotonic() + 90
    while True:
        try:
            found = engine.query(f"SELECT DISTINCT lot_no FROM inspection_records_clean WHERE site = '{SITE}'")
            lots = {row[0] for row in found.rows}
        except Exception:  # the table has no partition of this site until the first run wrote one
            lots = set()
        if len(lots) >= expected or time.monotonic() > deadline:
            return lots
        time.sleep(0.5)


def test_an_xlsx_upload_is_checked_the_same_way(live: LiveServer, staff: dict[str, str]) -> None:
    upload = _upload(live, staff, "inspections.xlsx", _xlsx(ROWS))
    checked = _api(live, staff, "POST", f"/data/uploads/{upload}/check").json()
    assert (checked["format"], checked["counts"]) == ("xlsx", {"rows": 9, "accepted": 5, "rejected": 3,
                                                               "duplicates": 1})


def test_the_rejected_rows_export_is_formula_safe_and_the_template_has_korean_headers(
        live: LiveServer, staff: dict[str, str]) -> None:
    rows = [*ROWS[:2], ["=cmd|' /C calc'!A0", "2026-03-02 11:00", "김민준", "보류", "", ""]]
    upload = _upload(live, staff, "formula.csv", _csv(rows, "utf-8"))
    _api(live, staff, "POST", f"/data/uploads/{upload}/check")
    link = _api(live, staff, "GET", f"/data/uploads/{upload}/rejected").json()
    text = requests.get(link["url"], timeout=30).content.decode("utf-8-sig")
    exported = list(csv.reader(io.StringIO(text)))
    assert exported[0][:4] == ["행", "열", "값", "사유"] and exported[1][:3] == ["4", "판정", "보류"]
    assert exported[1][4] == "'=cmd|' /C calc'!A0"  # the lot cell, neutralised

    template = _api(live, staff, "GET", "/data/templates/inspection_records?format=xlsx").json()
    book = CalamineWorkbook.from_filelike(io.BytesIO(requests.get(template["url"], timeout=30).content))
    headers = book.get_sheet_by_name("데이터").to_python()[0]
    assert headers[:3] == ["로트번호", "검사일시", "검사자"] and "연락처" not in headers  # dropped data not asked


def test_sites_are_enforced_and_bad_files_get_a_clear_refusal(live: LiveServer, staff: dict[str, str]) -> None:
    upload = _upload(live, staff, "a.csv", _csv(ROWS[:1], "utf-8"))
    other = _token(live, "other@plant.kr", "other-password-1")
    own = _token(live, "own@plant.kr", "own-password-1")
    assert _api(live, other, "GET", f"/data/uploads/{upload}").status_code == 404
    assert _api(live, other, "POST", f"/data/uploads/{upload}/check").status_code == 404
    assert _api(live, own, "GET", f"/data/uploads/{upload}").status_code == 200
    assert upload in {u["id"] for u in _api(live, own, "GET", "/data/uploads").json()["items"]}
    assert upload not in {u["id"] for u in _api(live, other, "GET", "/data/uploads").json()["items"]}
    mine = _upload(live, own, "b.csv", _csv(ROWS[:1], "utf-8"), site=None)  # a factory user: its own site
    assert _api(live, own, "GET", f"/data/uploads/{mine}").json()["site"] == SITE
    refused = _api(live, staff, "POST", "/data/uploads", {"dataset": "inspection_records", "site": SITE,
                                                          "filename": "virus.exe", "size": 10})
    assert (refused.status_code, refused.json()["field"]) == (400, "filename")
    assert "CSV" in refused.json()["message"]
    nobody = _api(live, staff, "POST", "/data/uploads", {"dataset": "inspection_records", "filename": "a.csv",
                                                         "size": 10})
    assert (nobody.status_code, nobody.json()["field"]) == (400, "site")
    early = _api(live, staff, "POST", "/data/uploads", {"dataset": "inspection_records", "site": SITE,
                                                        "filename": "c.csv", "size": 10}).json()["upload"]["id"]
    assert _api(live, staff, "POST", f"/data/uploads/{early}/check").status_code == 404  # the file never came
