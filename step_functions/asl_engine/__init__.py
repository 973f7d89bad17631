"""Local Amazon States Language engine (JSONPath mode): runs the ASL files of step_functions/.

Public API: ``run_definition`` (one execution in memory), ``validate`` and ``AslValidationError``.
The durable engine behind the local Workflow adapter lives in ``asl_engine.durable``.
"""

from .engine import RunResult, run_definition
from .errors import AslValidationError, StatesError
from .validate import validate

__all__ = ["AslValidationError", "RunResult", "StatesError", "run_definition", "validate"]
