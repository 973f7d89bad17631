"""Every Lambda of the synthesized app imports its handler from its own asset in a clean interpreter."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.infra.lambda_env import make_interpreter, run_in_lambda_layout, unpack_handlers
from tests.infra.synthesis import Synthesized

MAGIC_311 = (3495).to_bytes(2, "little") + b"\r\n"  # importlib.util.MAGIC_NUMBER of CPython 3.11
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


def _unchecked_hash_pyc_of(source: Path) -> bool:
    """PEP 552 header: 3.11's magic, flags 0b01 (hash-based, never checked against the source), its hash."""
    pyc = source.parent / "__pycache__" / f"{source.stem}.cpython-311.pyc"
    header = pyc.read_bytes()[:16] if pyc.exists() else b""
    expected = MAGIC_311 + (0b01).to_bytes(4, "little") + importlib.util.source_hash(source.read_bytes())
    return header == expected


def test_api_asset_ships_unchecked_hash_bytecode_for_lambdas_python(tmp_path: Path,
                                                                    product_synth: Synthesized) -> None:
    """Lambda's /var/task is read-only: without shipped .pyc every cold start recompiles every module."""
    handler = next(h for h in unpack_handlers(product_synth.template, product_synth.outdir, tmp_path)
                   if h.module == "app")
    sources = [p for p in handler.task_dir.rglob("*.py") if "__pycache__" not in p.parts]
    assert len(sources) > 100 and any(p.parts[-2:] == ("mdap", "settings.py") for p in sources)
    without = [str(p.relative_to(handler.task_dir)) for p in sources if not _unchecked_hash_pyc_of(p)]
    assert not without, f"{len(without)} modules lack an unchecked-hash 3.11 .pyc, e.g. {without[:5]}"
