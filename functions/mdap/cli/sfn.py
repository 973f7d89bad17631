"""`mdap sfn run`: run one ASL definition to completion on the local engine and print the result as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from asl_engine import AslValidationError, run_definition
from asl_engine.substitutions import local_substitutions, substitute
from asl_engine.taskmap import TaskMapError, load_task_map
from mdap.adapters.local.workflow import import_handler, machine_name


@click.group("sfn")
def sfn_group() -> None:
    """Step Functions workflows on the local ASL engine."""


def _fail(message: str) -> None:
    click.echo(f"mdap sfn: {message}", err=True)
    sys.exit(2)


def _tasks(specs: tuple[str, ...]) -> dict[str, Any]:
    tasks = {}
    for spec in specs:
        resource, sep, target = spec.partition("=")
        if not sep or ":" not in target:
            _fail(f"--task {spec!r}: expected RESOURCE=module.path:function")
        try:
            tasks[resource] = import_handler(target)
        except (ImportError, AttributeError) as exc:
            _fail(f"--task {spec!r}: cannot import {target} ({exc})")
    return tasks


def _definition(path: Path, task_names: list[str]) -> str:
    """The file's text with the CDK placeholders filled with local values (tasks.json names, --task names)."""
    text = path.read_text(encoding="utf-8")
    try:
        functions: dict[str, Any] = dict(load_task_map())
    except TaskMapError:
        functions = {}
    functions.update({name: None for name in task_names if ":" not in name})
    stems = [machine_name(p) for p in path.parent.glob("*.asl.json")]
    try:
        return substitute(text, local_substitutions(functions, stems, "mdap"))
    except KeyError as exc:
        _fail(f"{path}: {exc.args[0]}")
        raise


@sfn_group.command("run")
@click.argument("definition", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--input", "input_text", default="{}", show_default=True, help="Execution input, as JSON.")
@click.option("--task", "task_specs", multiple=True, metavar="RESOURCE=module:function",
              help="Handler for a Task resource (an ARN, a function name or a tasks.json logical name).")
def run_command(definition: Path, input_text: str, task_specs: tuple[str, ...]) -> None:
    """Run DEFINITION to completion and print {"status", "output"} or {"status", "error", "cause"}.

    Wait states and retry intervals take no real time. Exit status 0 when the execution ran, whatever
    its outcome; 2 for an invalid definition or bad usage.
    """
    try:
        data = json.loads(input_text)
    except ValueError as exc:
        _fail(f"--input is not JSON: {exc}")
    tasks = _tasks(task_specs)
    try:
        result = run_definition(_definition(definition, list(tasks)), data, tasks=tasks)
    except AslValidationError as exc:
        _fail(f"{definition}: {exc}")
    body: dict[str, Any] = {"status": result.status}
    if result.status == "SUCCEEDED":
        body["output"] = result.output
    else:
        body.update(error=result.error, cause=result.cause)
    click.echo(json.dumps(body, ensure_ascii=False))
