"""asl_engine's package names load on first use: infra imports asl_engine.taskmap without the interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import asl_engine

PROBE = """
import sys
import asl_engine.taskmap
before = sorted(m for m in sys.modules if m.startswith("asl_engine."))
from asl_engine import run_definition, AslValidationError
print(before, run_definition.__module__, AslValidationError.__module__, callable(asl_engine.validate))
"""


def test_importing_taskmap_leaves_the_interpreter_unloaded_until_a_public_name_is_used() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['asl_engine.taskmap']", "asl_engine.engine", "asl_engine.errors", "True"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    done = subprocess.run([sys.executable, "-c", "import asl_engine; asl_engine.run_defintion"],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "has no attribute 'run_defintion'" in done.stderr


MODULES = sorted(p.stem for p in Path(asl_engine.__file__).parent.glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", MODULES)
def test_every_module_can_be_the_first_one_imported(module: str) -> None:
    # the package no longer imports everything up front, so no import cycle may depend on the order
    done = subprocess.run([sys.executable, "-c", f"import asl_engine.{module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
