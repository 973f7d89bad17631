"""Local Amazon States Language engine (JSONPath mode): runs the ASL files of step_functions/.

Public API: ``run_definition`` (one execution in memory), ``validate`` and ``AslValidationError``.
The durable engine behind the local Workflow adapter lives in ``asl_engine.durable``.
The names load on first use (PEP 562), so ``import asl_engine.taskmap`` (infra) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import RunResult, run_definition
    from .errors import AslValidationError, StatesError
    from .validation import validate

_HOMES = {"RunResult": "engine", "run_definition": "engine", "AslValidationError": "errors",
          "StatesError": "errors", "validate": "validation"}
__all__ = ["AslValidationError", "RunResult", "StatesError", "run_definition", "validate"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
