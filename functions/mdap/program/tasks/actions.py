"""What a workflow step is: a function of the program's services and the task's payload."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mdap.program.services import Program

Action = Callable[[Program, Mapping[str, Any]], Any]
