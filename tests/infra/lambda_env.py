"""A clean interpreter laid out like Lambda's: /var/task from the asset, /opt/python from the layers, the
runtime's boto3. Shared by the packaging test and the cold-start benchmark."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SITE = Path(sysconfig.get_paths()["purelib"])
# What Lambda's python3.11 runtime puts on sys.path besides the function: the AWS SDK and its deps.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")
# Stand-in for the AWS SDK for pandas managed layer: the same libraries from this .venv (its versions).
PANDAS_LAYER_PACKAGES = ("awswrangler", "pandas", "numpy", "numpy.libs", "pyarrow", "packaging",
                         "typing_extensions.py", "tzdata")  # fmt: skip


@dataclass(frozen=True)
class Handler:
    logical_id: str
    module: str
    function: str
    task_dir: Path
    layer_dir: Path
    zip_size: int


def _link_all(names: tuple[str, ...], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (SITE / name).exists():
            (target / name).symlink_to(SITE / name)


def make_interpreter(root: Path) -> tuple[Path, Path]:
    """A venv without pip or site-packages, plus a runtime dir holding only Lambda's own SDK."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], check=True)
    runtime = root / "runtime"
    _link_all(RUNTIME_PACKAGES, runtime)
    return root / "venv" / "bin" / "python", runtime


def _unzip_asset(source: Path, target: Path) -> int:
    """Zip the asset as the CDK CLI would publish it, unpack it like Lambda; return the zip's size."""
    if source.is_file():  # an asset that is already a zip (e.g. aws-cdk-lib's AWS CLI layer)
        with zipfile.ZipFile(source) as zf:
            zf.extractall(target)
        return source.stat().st_size
    archive = target.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(source))
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(target)
    return archive.stat().st_size


def _layers(resource: dict[str, Any], resources: dict[str, Any], cdk_out: Path, root: Path, key: str) -> Path:
    layer_dir = root / "layers" / key / "python"
    layer_dir.mkdir(parents=True, exist_ok=True)
    for layer in resource["Properties"].get("Layers", []):
        if "Ref" in layer and "aws:asset:path" in resources[layer["Ref"]].get("Metadata", {}):
            asset = cdk_out / resources[layer["Ref"]]["Metadata"]["aws:asset:path"]
            opt = root / "layers" / key / layer["Ref"]  # what Lambda extracts to /opt
            _unzip_asset(asset, opt)
            if (opt / "python").is_dir():  # only /opt/python is on sys.path (the CLI layer has none)
                shutil.copytree(opt / "python", layer_dir, dirs_exist_ok=True, symlinks=True)
        elif "AWSSDKPandas" in str(layer):
            _link_all(PANDAS_LAYER_PACKAGES, layer_dir)
        else:
            raise AssertionError(f"unknown layer {layer}: add its stand-in to the packaging test")
    return layer_dir


def unpack_handlers(template: dict[str, Any], cdk_out: Path, root: Path) -> list[Handler]:
    """Every Python Lambda of the template with its code (asset or inline) and layers unpacked under root."""
    resources = template["Resources"]
    handlers = []
    for logical_id, resource in sorted(resources.items()):
        props = resource["Properties"] if resource["Type"] == "AWS::Lambda::Function" else None
        if props is None or not str(props.get("Runtime", "")).startswith("python"):
            continue
        task_dir = root / "task" / logical_id
        if "ZipFile" in props["Code"]:
            task_dir.mkdir(parents=True)
            (task_dir / (props["Handler"].rsplit(".", 1)[0] + ".py")).write_text(props["Code"]["ZipFile"])
            size = len(props["Code"]["ZipFile"].encode())
        else:
            size = _unzip_asset(cdk_out / resource["Metadata"]["aws:asset:path"], task_dir)
        module, function = props["Handler"].rsplit(".", 1)
        layer_dir = _layers(resource, resources, cdk_out, root, logical_id)
        handlers.append(Handler(logical_id, module, function, task_dir, layer_dir, size))
    return handlers


def run_in_lambda_layout(
    python: Path, runtime: Path, handler: Handler, code: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    """Run code with sys.path ordered as in Lambda: task, layers, runtime; isolated from this venv."""
    env = {"PYTHONPATH": f"{handler.task_dir}:{handler.layer_dir}:{runtime}", "PYTHONDONTWRITEBYTECODE": "1",
           "AWS_REGION": "ap-northeast-2", "AWS_DEFAULT_REGION": "ap-northeast-2", "MDAP_PROFILE": "aws",
           "LAMBDA_TASK_ROOT": str(handler.task_dir), "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.run([str(python), "-s", *extra, "-c", code], env=env, cwd=handler.task_dir,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
