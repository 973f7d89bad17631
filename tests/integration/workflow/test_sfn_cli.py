"""`mdap sfn run` prints one JSON object; exit 0 when the execution ran, 2 for bad definitions or usage."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mdap.cli.sfn import sfn_group

from .harness import FIXTURES

SCORE = str(FIXTURES / "cli" / "score.asl.json")
TASK = "--task=ScoreTask=tests.integration.workflow.cli_handlers:score"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(sfn_group, ["run", *args])
    return result.exit_code, result.stdout, result.stderr


def test_task_free_definition_succeeds_with_korean_output() -> None:
    code, out, _ = run(str(FIXTURES / "greeting.asl.json"), "--input", '{"name": "홍길동", "wait": 600}')
    assert code == 0
    body = json.loads(out)
    assert body == {"status": "SUCCEEDED", "output": {"name": "홍길동", "wait": 600,
                                                      "greeting": {"message": "안녕하세요, 홍길동님"}}}
    assert "홍길동" in out  # not \\u-escaped


def test_task_handlers_come_from_the_task_option() -> None:
    code, out, _ = run(SCORE, "--input", '{"name": "가나다"}', TASK)
    assert (code, json.loads(out)) == (0, {"status": "SUCCEEDED", "output": {"결과": "선정", "score": 75}})


def test_failed_execution_still_exits_zero_with_error_and_cause() -> None:
    code, out, _ = run(SCORE, "--input", '{"name": "가"}', TASK)
    assert (code, json.loads(out)) == (0, {"status": "FAILED", "error": "Score.TooLow", "cause": "점수 미달"})


def test_invalid_definition_exits_2_naming_state_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.asl.json"
    bad.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}))
    code, out, err = run(str(bad))
    assert (code, out) == (2, "")
    assert "state A field Next" in err


def test_bad_usage_exits_2() -> None:
    assert run(SCORE, "--input", "{not json")[0] == 2
    assert run(SCORE, "--task", "no-equals-sign")[0] == 2
    assert run(SCORE, "--task", "X=no.such.module:fn")[0] == 2
    assert run("/no/such/file.json")[0] == 2
