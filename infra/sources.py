"""The product's definition files as infra sees them: tasks.json and the catalog through the product's own
loaders (one reader each), Greengrass recipes read here, with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from asl_engine.taskmap import TaskFunction, load_task_map
from mdap.catalog import Catalog, load_catalog


class DefinitionError(ValueError):
    """A product definition file is malformed; the message names the file and the fix."""


def task_functions(tasks_file: Path) -> list[TaskFunction]:
    """The local engine's own reader of step_functions/tasks.json; no file means no task functions."""
    return [task for _, task in sorted(load_task_map(tasks_file).items())] if tasks_file.exists() else []


def lambda_handler(task: TaskFunction) -> str:
    """Lambda's handler notation for a tasks.json handler: ``module.path:function`` -> ``module.path.function``."""
    return task.handler.replace(":", ".")


def asl_files(step_functions_dir: Path) -> list[Path]:
    return sorted(step_functions_dir.glob("*.asl.json"))


def machine_name(asl_file: Path) -> str:
    return asl_file.name.removesuffix(".asl.json")


def dataset_raw_prefixes() -> list[str]:
    """Where each dataset's raw objects land (``raw/<dataset>/``), from the pipeline's contracts."""
    from mdap.pipeline.contracts import load_contracts

    return sorted(contract.raw_prefix for contract in load_contracts().values())


def catalog(catalog_file: Path) -> Catalog:
    """The query engines' own reader of the catalog definition; no file yet means no tables."""
    return load_catalog(catalog_file) if catalog_file.exists() else Catalog(tables=())


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
