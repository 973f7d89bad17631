"""Every ASL file of step_functions/ passes the engine's validation (after the local substitutions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from asl_engine import validate
from asl_engine.substitutions import local_substitutions, substitute
from asl_engine.taskmap import TASKS_FILE, load_task_map
from mdap.adapters.local.workflow import machine_name

from .harness import FIXTURES, TASK_MAP

PRODUCT = TASKS_FILE.parent


def problems(directory: Path, task_map: Path) -> dict[str, list[str]]:
    files = sorted(directory.glob("*.asl.json"))
    subs = local_substitutions(load_task_map(task_map), [machine_name(p) for p in files], "mdap")
    return {p.name: validate(substitute(p.read_text(encoding="utf-8"), subs)) for p in files}


def test_every_product_asl_file_is_valid() -> None:
    found = problems(PRODUCT, TASKS_FILE)
    print(f"validated {len(found)} ASL file(s) in {PRODUCT}")
    assert {name: errors for name, errors in found.items() if errors} == {}


def test_the_check_validates_the_fixture_files_and_would_catch_a_broken_one(tmp_path: Path) -> None:
    found = problems(FIXTURES, TASK_MAP)
    assert len(found) >= 5 and all(errors == [] for errors in found.values()), found
    broken = tmp_path / "broken.asl.json"
    broken.write_text('{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": -1, "End": true}}}')
    assert problems(tmp_path, TASK_MAP) == {
        "broken.asl.json": ["state A field Seconds: must be an integer >= 0, got -1"]}


def test_the_product_task_map_is_loadable() -> None:
    assert isinstance(load_task_map(TASKS_FILE), dict)


@pytest.mark.parametrize("text", ['{"functions": []}', '{"functions": {"bad name": {"handler": "m:f"}}}',
                                  '{"functions": {"Good": {"handler": "no-colon"}}}'])
def test_a_malformed_task_map_is_refused(tmp_path: Path, text: str) -> None:
    from asl_engine.taskmap import TaskMapError

    path = tmp_path / "tasks.json"
    path.write_text(text)
    with pytest.raises(TaskMapError):
        load_task_map(path)
