"""Builds this component's artifacts (the gdk custom build; ``infra/parts/edge.py`` runs it at synth too).

One zip per device architecture, ``mdap-edge-<arch>.zip``: the wheels of ``[project.optional-dependencies]
edge`` for CPython 3.11 on manylinux (x86_64, aarch64) fetched from PyPI by pip and unpacked, the collector
package ``mdap_edge`` and the platform modules it builds on (ports and their adapters), with bytecode
compiled for 3.11. Greengrass unarchives it (``Unarchive: ZIP``) and the recipe puts it on PYTHONPATH:
nothing is pip-installed on the device. Output follows gdk's layout::

    greengrass-build/artifacts/<component>/<version>/mdap-edge-<arch>.zip
    greengrass-build/recipes/recipe.yaml

Cached in ``infra/.build/`` by what decides the content (requirements, constraints, sources), so a second
build is a copy; the zip is deterministic (sorted, fixed timestamps), so its asset hash only changes with it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CACHE = REPO / "infra" / ".build"
PYTHON = "3.11"
ARCHITECTURES = {"x86_64": ("manylinux2014_x86_64", "manylinux_2_28_x86_64"),
                 "aarch64": ("manylinux2014_aarch64", "manylinux_2_28_aarch64")}
# The platform modules the collector imports (import-linter keeps mdap_edge to these).
PLATFORM_MODULES = [
    "mdap/__init__.py", "mdap/ports/__init__.py", "mdap/ports/blobstore.py", "mdap/ports/clock.py",
    "mdap/ports/errors.py", "mdap/ports/table.py", "mdap/adapters/__init__.py", "mdap/adapters/clock.py",
    "mdap/adapters/local/__init__.py", "mdap/adapters/local/blobstore.py", "mdap/adapters/local/blob_journal.py",
    "mdap/adapters/local/blob_urls.py", "mdap/adapters/local/events.py", "mdap/adapters/local/private.py",
    "mdap/adapters/local/table.py", "mdap/adapters/aws/__init__.py", "mdap/adapters/aws/s3.py",
    "mdap/adapters/aws/dynamodb.py",
]  # fmt: skip
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def requirements() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["optional-dependencies"]["edge"])


def sources() -> list[tuple[str, Path]]:
    collector = REPO / "edge_greengrass" / "collector"
    files = [(str(p.relative_to(collector)), p) for p in sorted((collector / "mdap_edge").rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts]
    return files + [(name, REPO / "functions" / name) for name in PLATFORM_MODULES]


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def _dependencies(arch: str) -> Path:
    key = _digest("\n".join(requirements()).encode(), (REPO / "constraints.txt").read_bytes(),
                  " ".join(ARCHITECTURES[arch]).encode(), PYTHON.encode())
    target = CACHE / f"edge-deps-{arch}-{key}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
               *(arg for platform in ARCHITECTURES[arch] for arg in ("--platform", platform)),
               "--only-binary=:all:", "--implementation", "cp", "--python-version", PYTHON,
               "--target", str(target), "-c", str(REPO / "constraints.txt"), *requirements()]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"pip could not fetch the edge wheels for {arch}:\n{done.stderr[-2000:]}")
    shutil.rmtree(target / "bin", ignore_errors=True)
    (target / ".complete").write_text("ok\n")
    return target


def bundle(arch: str) -> Path:
    """The zip for one architecture, built once per content."""
    deps = _dependencies(arch)
    files = sources()
    key = _digest(deps.name.encode(), *(name.encode() + path.read_bytes() for name, path in files))
    archive = CACHE / f"edge-bundle-{arch}-{key}.zip"
    if archive.exists():
        return archive
    staging = CACHE / f"edge-staging-{arch}"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(deps, staging, copy_function=os.link, ignore=shutil.ignore_patterns(".complete"))
    for name, path in files:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, staging / name)
    if sys.version_info[:2] != tuple(int(n) for n in PYTHON.split(".")):
        raise SystemExit(f"bytecode for the device's Python {PYTHON} needs a {PYTHON} interpreter")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
                    str(staging)], check=True, capture_output=True)
    _zip(staging, archive)
    shutil.rmtree(staging)
    return archive


def _zip(folder: Path, archive: Path) -> None:
    partial = archive.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(path.relative_to(folder)), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o100755 if os.access(path, os.X_OK) else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, path.read_bytes())
    partial.replace(archive)


def main() -> None:
    import yaml

    recipe = yaml.safe_load((HERE / "recipe.yaml").read_text(encoding="utf-8"))
    out = HERE / "greengrass-build"
    artifacts = out / "artifacts" / recipe["ComponentName"] / recipe["ComponentVersion"]
    shutil.rmtree(out, ignore_errors=True)
    artifacts.mkdir(parents=True)
    (out / "recipes").mkdir()
    for arch in ARCHITECTURES:
        shutil.copy2(bundle(arch), artifacts / f"mdap-edge-{arch}.zip")
    shutil.copy2(HERE / "recipe.yaml", out / "recipes" / "recipe.yaml")
    print(f"built {', '.join(sorted(p.name for p in artifacts.iterdir()))} into {artifacts}")


if __name__ == "__main__":
    main()
