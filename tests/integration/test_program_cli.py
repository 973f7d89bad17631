"""`mdap program rank` and `mdap program calendar` through a real process: JSON out, one-line refusals, exit 2."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from mdap.domain.program.rubric import corrected_2022, template_2022

MDAP = [sys.executable, "-c", "from mdap.cli.main import main; main()"]
CORRECTED = corrected_2022()[0]
ITEMS = [item.id for item in CORRECTED.items]


def mdap(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run in an empty directory with MDAP_DATA_DIR pointing at a path that must stay absent."""
    env = {**os.environ, "MDAP_DATA_DIR": str(cwd / "data-must-not-appear")}
    return subprocess.run([*MDAP, *args], capture_output=True, text=True, timeout=60, cwd=cwd, env=env, input=stdin)


def scores(*points: Sequence[float]) -> list[dict[str, Any]]:
    return [{"evaluator": f"e{n}", "items": dict(zip(ITEMS, sheet, strict=True))} for n, sheet in enumerate(points, 1)]


FULL = [15, 15, 10, 10, 10, 10, 10, 10, 10]
ROUND: dict[str, Any] = {
    "policy": {"places": 2, "pass_mark": 70, "pass_mark_on": "base", "aggregation": "mean", "bonus_points": 5,
               "score_decimals": 2},
    "rubric": CORRECTED.as_json(),
    "applications": [
        {"id": "APP-3", "bonus": False, "scores": scores([12, 12, 8, 8, 8, 8, 8, 8, 8], [12, 12, 8, 8, 8, 8, 8, 8, 9])},
        {"id": "APP-1", "bonus": True, "scores": scores([10, 10, 8, 8, 8, 8, 8, 8, 8], [10, 10, 8, 8, 8, 8, 8, 8, 8])},
        {"id": "APP-2", "bonus": False, "scores": scores(FULL, [15, 15, 10, 10, 10, 10, 10, 10, 5])},
        {"id": "APP-4", "bonus": False, "scores": scores([5, 5, 5, 5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5, 5, 5, 5])},
    ],
}


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.strip() and "\n" not in result.stderr.strip(), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_help_lists_the_program_commands(tmp_path: Path) -> None:
    result = mdap("program", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "rank" in result.stdout and "calendar" in result.stdout


def test_rank_prints_the_ranking_in_rank_order_with_numbers(tmp_path: Path) -> None:
    source = tmp_path / "round.json"
    source.write_text(json.dumps(ROUND, ensure_ascii=False), encoding="utf-8")
    result = mdap("program", "rank", "--input", str(source), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body == {"ranking": [
        {"id": "APP-2", "base": 97.5, "bonus": 0, "total": 97.5, "adopter_fit": 30, "rank": 1, "status": "selected"},
        {"id": "APP-1", "base": 76, "bonus": 5, "total": 81, "adopter_fit": 20, "rank": 2, "status": "selected"},
        {"id": "APP-3", "base": 80.5, "bonus": 0, "total": 80.5, "adopter_fit": 24, "rank": 3, "status": "reserve"},
        {"id": "APP-4", "base": 45, "bonus": 0, "total": 45, "adopter_fit": 10, "rank": 4,
         "status": "below_pass_mark"}], "notes": []}
    assert not (tmp_path / "data-must-not-appear").exists() and not (tmp_path / ".mdap").exists()


def test_rank_reads_stdin_and_keeps_korean_notes_readable(tmp_path: Path) -> None:
    short = {"rubric": CORRECTED.as_json(), "applications": [ROUND["applications"][2]]}
    result = mdap("program", "rank", "--input", "-", cwd=tmp_path, stdin=json.dumps(short))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert [(row["id"], row["status"]) for row in body["ranking"]] == [("APP-2", "selected")]
    assert "2 of 3 places remain" in body["notes"][0]
    assert "추가 모집공고" in result.stdout  # not \u-escaped


def test_rank_with_a_trimmed_mean_and_the_pass_mark_on_the_total(tmp_path: Path) -> None:
    round_ = copy.deepcopy(ROUND)
    round_["policy"] = {"aggregation": "trimmed_mean", "pass_mark_on": "total", "places": 1}
    round_["applications"] = [{"id": "A", "bonus": True,
                               "scores": scores(FULL, [8, 8, 8, 8, 8, 8, 8, 8, 8], [5, 5, 5, 5, 5, 5, 5, 5, 5])}]
    result = mdap("program", "rank", "--input", "-", cwd=tmp_path, stdin=json.dumps(round_))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ranking"] == [
        {"id": "A", "base": 72, "bonus": 5, "total": 77, "adopter_fit": 16, "rank": 1, "status": "selected"}]


def _with(change: Any) -> str:
    round_ = copy.deepcopy(ROUND)
    change(round_)
    return json.dumps(round_)


def _sheet(round_: dict[str, Any], app: int = 0, sheet: int = 0) -> dict[str, Any]:
    items: dict[str, Any] = round_["applications"][app]["scores"][sheet]["items"]
    return items


@pytest.mark.parametrize("document,words", [
    (json.dumps({**ROUND, "rubric": template_2022().as_json()}), ["rubric_invalid", "category plan_fit", "35", "40"]),
    (_with(lambda r: _sheet(r).update(creative_strategy=11)),
     ["application APP-3", "evaluator e1", "item creative_strategy", "category plan_fit", "11"]),
    (_with(lambda r: _sheet(r).update(creative_strategy=-1)), ["application APP-3", "evaluator e1", "-1"]),
    (_with(lambda r: _sheet(r).update(charm=3)), ["application APP-3", "evaluator e1", "unknown item charm"]),
    (_with(lambda r: _sheet(r, 1).pop("budget_appropriateness")),
     ["application APP-1", "evaluator e1", "item budget_appropriateness", "no points"]),
    (_with(lambda r: r["applications"][2]["scores"][1].update(evaluator="e1")),
     ["application APP-2", "evaluator e1", "scored twice"]),
    (_with(lambda r: r["policy"].update(aggregation="trimmed_mean")), ["application", "3 needed"]),
    (_with(lambda r: r["policy"].update(pass_mark_on="bonus")), ["policy_invalid", "pass_mark_on"]),
    (_with(lambda r: r["policy"].update(places=0)), ["places"]),
    (_with(lambda r: _sheet(r).update(creative_strategy="8")),
     ["application APP-3", "evaluator e1", "item creative_strategy", "must be a number"]),
    (_with(lambda r: r.pop("applications")), ["applications", "missing"]),
    (_with(lambda r: r.update(extra=1)), ["unknown key 'extra'"]),
    ("[1, 2]", ["input must be an object"]),
    ("{\"rubric\": ", ["not valid JSON"]),
    ("", ["not valid JSON"]),
])
def test_rank_refuses_bad_input_in_one_line_naming_what_is_wrong(tmp_path: Path, document: str,
                                                                 words: list[str]) -> None:
    assert_refused(mdap("program", "rank", "--input", "-", cwd=tmp_path, stdin=document), *words)


def test_rank_refuses_an_unreadable_file_in_one_line(tmp_path: Path) -> None:
    assert_refused(mdap("program", "rank", "--input", str(tmp_path / "missing.json"), cwd=tmp_path),
                   "cannot read", "missing.json")
    binary = tmp_path / "round.json"
    binary.write_bytes(b"\xff\xfe{}")
    assert_refused(mdap("program", "rank", "--input", str(binary), cwd=tmp_path), "cannot read")


def test_calendar_prints_the_agreement_dates(tmp_path: Path) -> None:
    result = mdap("program", "calendar", "--signed", "2023-01-31", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "term_start": "2023-01-31", "term_end": "2023-10-30", "payment_request_due": "2023-02-14",
        "plan_change_cutoff": "2023-09-30", "final_report_due": "2023-09-30", "extension_latest_end": "2024-01-30",
        "insurance_end": "2024-01-30"}
    assert not (tmp_path / "data-must-not-appear").exists() and not (tmp_path / ".mdap").exists()


def test_calendar_with_a_shorter_term_and_a_submitted_report(tmp_path: Path) -> None:
    result = mdap("program", "calendar", "--signed", "2023-02-01", "--term-months", "6", "--report-submitted",
                  "2023-06-20", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert (body["term_end"], body["final_evaluation_due"]) == ("2023-07-31", "2023-07-04")


@pytest.mark.parametrize("args,words", [
    (["--signed", "2023-02-30"], ["--signed", "2023-02-30"]),
    (["--signed", "next monday"], ["--signed"]),
    (["--signed", "2023-01-10", "--report-submitted", "soon"], ["--report-submitted"]),
    (["--signed", "2023-01-10", "--term-months", "0"], ["--term-months"]),
    (["--signed", "2023-01-10", "--term-months", "nine"], ["--term-months"]),
])
def test_calendar_refuses_bad_dates_in_one_line(tmp_path: Path, args: list[str], words: list[str]) -> None:
    assert_refused(mdap("program", "calendar", *args, cwd=tmp_path), *words)
