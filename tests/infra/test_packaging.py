"""Every Lambda of the synthesized app imports its handler from its own asset in a clean interpreter."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.infra.lambda_env import make_interpreter, run_in_lambda_layout, unpack_handlers
from tests.infra.synthesis import Synthesized

IMPORT = "import importlib, sys; m = importlib.import_module(sys.argv[1]); assert callable(getattr(m, sys.argv[2]))"


@pytest.mark.parametrize("which", ["fixture_synth", "product_synth"])
def test_every_handler_imports_from_its_packaged_asset(which: str, request: pytest.FixtureRequest,
                                                       tmp_path: Path) -> None:  # fmt: skip
    synthesized: Synthesized = request.getfixturevalue(which)
    python, runtime = make_interpreter(tmp_path)
    handlers = unpack_handlers(synthesized.template, synthesized.outdir, tmp_path)
    assert any(h.module == "app" for h in handlers), "the API handler must be among the Lambdas"
    failures = []
    for handler in handlers:
        code = f"import sys; sys.argv[1:] = [{handler.module!r}, {handler.function!r}]\n{IMPORT}"
        done = run_in_lambda_layout(python, runtime, handler, code)
        if done.returncode != 0:
            failures.append(f"{handler.logical_id} ({handler.module}.{handler.function}):\n{done.stderr[-1500:]}")
    print(f"\nimported {len(handlers) - len(failures)}/{len(handlers)} handlers: "
          + ", ".join(f"{h.module}.{h.function}" for h in handlers))
    assert not failures, "\n".join(failures)


def test_clean_interpreter_has_no_access_to_the_dev_venv(tmp_path: Path, fixture_synth: Synthesized) -> None:
    """The check can fail: duckdb is in the dev venv but in no Lambda asset or layer."""
    python, runtime = make_interpreter(tmp_path)
    handler = next(h for h in unpack_handlers(fixture_synth.template, fixture_synth.outdir, tmp_path)
                   if h.module == "app")
    assert run_in_lambda_layout(python, runtime, handler, "import duckdb").returncode != 0
    assert run_in_lambda_layout(python, runtime, handler, "import pydantic_core, boto3").returncode == 0
