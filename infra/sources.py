"""Readers of the product's definition files (tasks.json, catalog, Greengrass recipes), with clear errors."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_LOGICAL = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,63}$")
_HANDLER = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


class DefinitionError(ValueError):
    """A product definition file is malformed; the message names the file and the fix."""


@dataclass(frozen=True)
class TaskFunction:
    logical_name: str
    handler: str  # "module:function" as in tasks.json
    description: str

    @property
    def lambda_handler(self) -> str:
        """Lambda's handler notation: the module path and the function joined by a dot."""
        return self.handler.replace(":", ".")

    @property
    def module_file(self) -> str:
        return self.handler.split(":")[0].replace(".", "/")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DefinitionError(f"{path}: not valid JSON ({exc})") from None


def task_functions(tasks_file: Path) -> list[TaskFunction]:
    """The name mapping of step_functions/tasks.json; no file means no task functions."""
    if not tasks_file.exists():
        return []
    functions = _read_json(tasks_file).get("functions", {})
    result = []
    for name, spec in sorted(functions.items()):
        if not _LOGICAL.match(name):
            raise DefinitionError(f"{tasks_file}: function name {name!r} must be alphanumeric (a CFN name)")
        handler = spec.get("handler", "") if isinstance(spec, dict) else ""
        if not _HANDLER.match(handler):
            raise DefinitionError(f"{tasks_file}: {name}.handler must look like 'package.module:function'")
        result.append(TaskFunction(name, handler, str(spec.get("description", ""))[:256]))
    return result


def asl_files(step_functions_dir: Path) -> list[Path]:
    return sorted(step_functions_dir.glob("*.asl.json"))


def machine_name(asl_file: Path) -> str:
    return asl_file.name.removesuffix(".asl.json")


def catalog_tables(catalog_file: Path) -> list[dict[str, Any]]:
    """Tables of the catalog definition; no file yet means no tables."""
    if not catalog_file.exists():
        return []
    tables = _read_json(catalog_file).get("tables", [])
    for table in tables:
        missing = {"name", "zone", "prefix", "columns"} - set(table)
        if missing:
            raise DefinitionError(f"{catalog_file}: table {table.get('name')!r} lacks {sorted(missing)}")
    return list(tables)


@dataclass(frozen=True)
class Component:
    directory: Path
    recipe: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.recipe["ComponentName"])

    @property
    def version(self) -> str:
        return str(self.recipe["ComponentVersion"])


def edge_components(components_dir: Path) -> list[Component]:
    """Every directory under edge_greengrass/ holding a recipe.yaml or recipe.json."""
    found = []
    for recipe_file in sorted([*components_dir.glob("*/recipe.yaml"), *components_dir.glob("*/recipe.json")]):
        recipe = yaml.safe_load(recipe_file.read_text(encoding="utf-8"))
        if not isinstance(recipe, dict) or not {"ComponentName", "ComponentVersion"} <= set(recipe):
            raise DefinitionError(f"{recipe_file}: a recipe needs ComponentName and ComponentVersion")
        found.append(Component(recipe_file.parent, recipe))
    return found
