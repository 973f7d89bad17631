"""Builds the one code asset every mdap Lambda runs, without Docker.

Wheels come from PyPI for CPython 3.11 x86_64 up to manylinux_2_26 (glibc 2.26 of Amazon Linux 2, the OS
of Lambda's python3.11 runtime; argon2-cffi-bindings ships no manylinux2014 wheel) with
``pip --platform --only-binary``. x86_64,
not arm64, so that the packaging test and the cold-start benchmark on this x86_64 machine import the very
binaries (pydantic_core, argon2 bindings, cffi) that are deployed. Left out, as ``chalice package`` does:
boto3/botocore (in the Lambda runtime) and the Chalice CLI (only chalice/app.py runs in Lambda); pandas,
pyarrow and awswrangler come from the AWS SDK for pandas managed layer.

The asset ships bytecode compiled by this (3.11) interpreter with unchecked-hash invalidation: /var/task is
read-only, so without .pyc every cold start recompiles every module it imports; hash-based .pyc carry no
mtime (zip timestamps are irrelevant and the asset hash stays reproducible) and are never re-validated.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from infra.config import LAMBDA_PYTHON, REPO_ROOT, Sources

PLATFORMS = ("manylinux2014_x86_64", "manylinux_2_26_x86_64")
BUILD_DIR = REPO_ROOT / "infra" / ".build"
# Provided by the Lambda Python runtime or vendored below rather than pip-installed.
_NOT_BUNDLED = {"boto3", "botocore", "chalice"}
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".chalice", "*.egg-info")


class PackagingError(RuntimeError):
    """The Lambda asset could not be built; the message says what pip reported."""


def runtime_requirements(pyproject: Path) -> list[str]:
    """[project.dependencies] without what Lambda or the layers provide."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [d for d in deps if d.split("==")[0].split("[")[0].strip().lower() not in _NOT_BUNDLED]


def _deps_dir(requirements: list[str], constraints: Path) -> Path:
    """Cached by what decides its content: requirements, constraints, platform, Python version."""
    key = "\n".join([*requirements, constraints.read_text(encoding="utf-8"), *PLATFORMS, LAMBDA_PYTHON])
    target = BUILD_DIR / f"deps-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
        *(arg for platform in PLATFORMS for arg in ("--platform", platform)),
        "--only-binary=:all:", "--implementation", "cp",
        "--python-version", LAMBDA_PYTHON, "--target", str(target), "-c", str(constraints), *requirements,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PackagingError(f"pip could not fetch the Lambda wheels for {PLATFORMS}:\n{done.stderr[-2000:]}")
    shutil.rmtree(target / "bin", ignore_errors=True)  # console scripts are useless in Lambda
    (target / ".complete").write_text("ok\n")
    return target


def _vendor_chalice_runtime(bundle: Path) -> None:
    """What ``chalice package`` ships: the runtime module and the package __init__, nothing else."""
    import chalice
    import chalice.app

    (bundle / "chalice").mkdir()
    shutil.copy2(inspect.getfile(chalice.app), bundle / "chalice" / "app.py")
    shutil.copy2(inspect.getfile(chalice), bundle / "chalice" / "__init__.py")


def build_lambda_bundle(sources: Sources) -> Path:
    """A directory laid out as /var/task: deps, chalice runtime, the mdap package and the Chalice app."""
    deps = _deps_dir(runtime_requirements(sources.pyproject), sources.constraints)
    project_key = hashlib.sha256(str(sources.chalice_project).encode()).hexdigest()[:8]
    bundle = BUILD_DIR / f"bundle-{project_key}"
    shutil.rmtree(bundle, ignore_errors=True)
    shutil.copytree(deps, bundle, copy_function=os.link, ignore=shutil.ignore_patterns(".complete"))
    _vendor_chalice_runtime(bundle)
    shutil.copytree(sources.package_dir, bundle / sources.package_dir.name, ignore=_IGNORE)
    for extra in ("app.py", "chalicelib"):
        source = sources.chalice_project / extra
        if source.is_dir():
            shutil.copytree(source, bundle / extra, ignore=_IGNORE)
        elif source.exists():
            shutil.copy2(source, bundle / extra)
    compile_bytecode(bundle)
    return bundle


def compile_bytecode(bundle: Path) -> None:
    """Precompile every module for the Lambda runtime's Python (.pyc are version-specific)."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" != LAMBDA_PYTHON:
        raise PackagingError(f"bytecode for Lambda's Python {LAMBDA_PYTHON} needs a {LAMBDA_PYTHON} interpreter; "
                             f"run synth with .venv/bin/python (this is {sys.version.split()[0]})")
    # A subprocess, not compileall in-process: its worker pool must not fork the jsii kernel's process.
    command = [sys.executable, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
               str(bundle)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PackagingError(f"compileall failed on the Lambda asset {bundle}:\n{done.stdout[-2000:]}")
