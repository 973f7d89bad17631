"""`mdap query` output and errors, with an in-memory engine (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from click.testing import CliRunner

from mdap.cli.query import display_width, query_command
from mdap.ports.errors import InvalidRequest
from mdap.ports.query import QueryEngine, QueryResult


class CannedEngine(QueryEngine):
    """Answers every good query with one fixed result; refuses SQL containing 'BAD'."""

    def __init__(self, result: QueryResult) -> None:
        self.result = result
        self.seen: list[str] = []

    def query(self, sql: str) -> QueryResult:
        self.seen.append(sql)
        if "BAD" in sql:
            raise InvalidRequest("SQL syntax error: Unexpected token. Line 1, Col: 4.")
        return self.result

    def register_tables(self) -> list[str]:
        return []

    def register_partitions(self, zone: str, keys: Sequence[str]) -> list[str]:
        return []


RESULT = QueryResult(["site", "n", "at"], [("한빛정밀", 12, datetime(2025, 3, 1, 9)), ("abc", None, None)])


def _run(*args: str) -> tuple[int, str, str]:
    engine = CannedEngine(RESULT)
    outcome = CliRunner().invoke(query_command(lambda: engine), list(args))
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_table_output_aligns_korean_text_by_display_width() -> None:
    code, out, _ = _run("SELECT 1")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("site      n ")  # '한빛정밀' is 8 columns wide
    assert lines[2] == "한빛정밀  12  2025-03-01 09:00:00"
    assert lines[3] == "abc"
    assert lines[-1] == "(2 rows)"


def test_csv_output_has_a_header_and_empty_nulls() -> None:
    code, out, _ = _run("SELECT 1", "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["site,n,at", "한빛정밀,12,2025-03-01 09:00:00", "abc,,"]


def test_json_output_is_a_list_of_objects() -> None:
    code, out, _ = _run("SELECT 1", "--format", "json")
    assert code == 0
    assert json.loads(out) == [{"site": "한빛정밀", "n": 12, "at": "2025-03-01T09:00:00"},
                               {"site": "abc", "n": None, "at": None}]


def test_bad_sql_prints_one_line_on_stderr_and_exits_2() -> None:
    code, out, err = _run("SEL BAD")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "syntax error" in err


def test_display_width_counts_hangul_as_two_columns() -> None:
    assert display_width("ab") == 2 and display_width("한글") == 4
