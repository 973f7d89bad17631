"""Greengrass recipes checked before they are published: the recipe schema, the placeholders in lifecycle
scripts (each must be a recipe variable Greengrass knows, a configuration pointer must exist in the
component's DefaultConfiguration, another component's variables need it as a dependency), and the artifacts
(every relative Uri is a built file; ``{artifacts:path}/X`` names an artifact, ``{artifacts:decompressedPath}/X``
an unarchived one)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).with_name("greengrass_recipe.schema.json")
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9._-]+:[^{}\s]*)\}")
_OWN = {"artifacts:path", "artifacts:decompressedPath", "work:path", "kernel:rootPath", "iot:thingName"}


class RecipeError(ValueError):
    """A recipe would not deploy as meant; the message names the recipe and the problem."""


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def validate_recipe(recipe: dict[str, Any], artifacts_dir: Path | None, where: str) -> None:
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(recipe))
    if error is not None:
        path = "/".join(str(part) for part in error.absolute_path) or "(recipe)"
        raise RecipeError(f"{where}: {path}: {error.message}")
    for manifest in recipe["Manifests"]:
        names = _artifact_names(manifest, artifacts_dir, where)
        for text in _scripts(manifest.get("Lifecycle", {})):
            for placeholder in PLACEHOLDER.findall(text):
                _check_placeholder(placeholder, recipe, where)
            _check_artifact_paths(text, names, where)


def _scripts(lifecycle: Any) -> Iterator[str]:
    if isinstance(lifecycle, str):
        yield lifecycle
    elif isinstance(lifecycle, dict):
        for value in lifecycle.values():
            yield from _scripts(value)


def _check_placeholder(placeholder: str, recipe: dict[str, Any], where: str) -> None:
    if placeholder in _OWN:
        return
    if placeholder.startswith("configuration:"):
        _resolve_pointer(recipe, placeholder.removeprefix("configuration:"), where)
        return
    component, _, variable = placeholder.partition(":")
    dependencies = recipe.get("ComponentDependencies", {})
    if component in dependencies and (variable in _OWN - {"iot:thingName", "kernel:rootPath"}
                                      or variable.startswith("configuration:")):
        return
    raise RecipeError(f"{where}: unknown recipe variable {{{placeholder}}}")


def _resolve_pointer(recipe: dict[str, Any], pointer: str, where: str) -> None:
    value: Any = recipe.get("ComponentConfiguration", {}).get("DefaultConfiguration", {})
    for part in pointer.strip("/").split("/"):
        if not isinstance(value, dict) or part not in value:
            raise RecipeError(f"{where}: {{configuration:{pointer}}} is not in ComponentConfiguration."
                              "DefaultConfiguration")
        value = value[part]


def _artifact_names(manifest: dict[str, Any], artifacts_dir: Path | None, where: str) -> dict[str, bool]:
    """file name -> unarchived, for this manifest's artifacts; relative ones must exist in artifacts_dir."""
    names = {}
    for artifact in manifest.get("Artifacts", []):
        uri = str(artifact["Uri"])
        name = uri.rsplit("/", 1)[-1]
        if "://" not in uri and (artifacts_dir is None or not (artifacts_dir / uri).is_file()):
            raise RecipeError(f"{where}: artifact {uri!r} is not among the built artifacts in {artifacts_dir}")
        names[name] = artifact.get("Unarchive", "NONE") == "ZIP"
    return names


def _check_artifact_paths(text: str, names: dict[str, bool], where: str) -> None:
    for name in re.findall(r"\{artifacts:path\}/([^/\s\"']+)", text):
        if name not in names:
            raise RecipeError(f"{where}: {{artifacts:path}}/{name} is no artifact of its manifest")
    for name in re.findall(r"\{artifacts:decompressedPath\}/([^/\s\"']+)", text):
        if not any(unarchived and artifact.rsplit(".", 1)[0] == name for artifact, unarchived in names.items()):
            raise RecipeError(f"{where}: {{artifacts:decompressedPath}}/{name} is no unarchived (ZIP) artifact")
