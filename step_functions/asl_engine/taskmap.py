"""The name mapping shared with CDK: step_functions/tasks.json. Standard library only, so infra can import it.

Format: {"functions": {"<LogicalName>": {"handler": "module.path:function", "description": "...",
"schedule": "rate(N minutes|hours|days)" (optional: also run on this schedule, outside any workflow)}}}.
ASL files refer to a function as "${<LogicalName>}", to a child state machine as
"${StateMachine.<file stem>}" and to the table as "${TableName}".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

TASKS_FILE = Path(__file__).resolve().parent.parent / "tasks.json"
_LOGICAL = re.compile(r"^[A-Z][A-Za-z0-9]{0,63}$")
_HANDLER = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
_RATE = re.compile(r"^rate\((\d{1,4}) (minute|minutes|hour|hours|day|days)\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


class TaskMapError(ValueError):
    """tasks.json is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class TaskFunction:
    logical_name: str
    handler: str  # "module.path:function"
    description: str
    schedule: str | None = None  # EventBridge's rate expression (CDK) and the local server's timer

    @property
    def every_seconds(self) -> int | None:
        matched = _RATE.match(self.schedule or "")
        return int(matched.group(1)) * _UNIT_SECONDS[matched.group(2).rstrip("s")] if matched else None


def load_task_map(path: Path | str = TASKS_FILE) -> dict[str, TaskFunction]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TaskMapError(f"{path}: cannot read the task map ({exc})") from None
    functions = raw.get("functions") if isinstance(raw, dict) else None
    if not isinstance(functions, dict):
        raise TaskMapError(f'{path}: needs a top-level "functions" object')
    return {name: _entry(path, name, spec) for name, spec in functions.items()}


def _entry(path: Path | str, name: str, spec: object) -> TaskFunction:
    if not _LOGICAL.match(name):
        raise TaskMapError(f"{path}: functions.{name}: logical names are CamelCase letters and digits")
    if not isinstance(spec, dict) or not _HANDLER.match(str(spec.get("handler", ""))):
        raise TaskMapError(f'{path}: functions.{name}.handler: must be "module.path:function"')
    schedule = spec.get("schedule")
    matched = _RATE.match(str(schedule)) if schedule is not None else None
    if schedule is not None and not (matched and int(matched.group(1)) > 0):
        raise TaskMapError(f'{path}: functions.{name}.schedule: must be like "rate(1 hour)", got {schedule!r}')
    return TaskFunction(name, spec["handler"], str(spec.get("description", "")), schedule)
