"""One YAML file per collector, validated against config_schema.json; errors name the line and the field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_PATH = Path(__file__).with_name("config_schema.json")
DEFAULT_SPOOL = {"path": "spool", "max_mb": 512, "when_full": "block", "commit_ms": 200}
DEFAULT_BATCH = {"max_rows": 50_000, "max_seconds": 5}
DEFAULT_PREFIX = "raw/"


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line: ``FILE:LINE: field: problem``."""


@dataclass(frozen=True)
class SpoolConfig:
    path: Path
    max_bytes: int
    when_full: str  # block | refuse_newest
    commit_seconds: float


@dataclass(frozen=True)
class BatchConfig:
    max_rows: int
    max_seconds: float


@dataclass(frozen=True)
class StoreConfig:
    kind: str  # local | s3
    prefix: str = DEFAULT_PREFIX
    bucket: str = ""
    endpoint_url: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class StatusConfig:
    kind: str  # local | dynamodb | none
    every_seconds: float = 5.0
    table: str = ""
    region: str | None = None
    endpoint_url: str | None = None


@dataclass(frozen=True)
class CollectorConfig:
    path: Path
    site: str
    device: str
    spool: SpoolConfig
    batch: BatchConfig
    store: StoreConfig
    status: StatusConfig
    sources: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    def source(self, name: str) -> Mapping[str, Any]:
        return next(source for source in self.sources if source["name"] == name)


def load_config(path: Path, data_dir: Path) -> CollectorConfig:
    """Read, validate and complete a collector configuration; raise ConfigError naming line and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    return parse_config(text, path.resolve(), Path(data_dir))


def parse_config(text: str, path: Path, data_dir: Path) -> CollectorConfig:
    """``load_config`` of text already read (``path`` names it in errors)."""
    document, lines = parse_yaml(text, path)
    _validate(document, lines, path)
    return _complete(document, lines, path, data_dir)


def parse_yaml(text: str, path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The document and the line of every field and list item in it (1-based), keyed by their path."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            document = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}{line}: not valid YAML: {problem}") from None
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return document, lines


def _index_lines(node: yaml.Node, at: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[(*at, key.value)] = key.start_mark.line + 1
            _index_lines(value, (*at, key.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*at, index), lines)


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _validate(document: Any, lines: dict[tuple[Any, ...], int], path: Path) -> None:
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    if error is not None:
        at = tuple(error.absolute_path)
        raise ConfigError(f"{_where(path, lines, at)}: {field_name(at)}: {_message(error)}")


def _message(error: Any) -> str:
    if error.validator == "additionalProperties":
        return str(error.message).replace("Additional properties are not allowed", "unknown field(s)")
    if error.validator in ("oneOf", "anyOf") and error.context:
        return "; or ".join(sorted({sub.message for sub in error.context}))[:300]
    return str(error.message)[:300]


def field_name(at: tuple[Any, ...]) -> str:
    name = ""
    for part in at:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(document)"


def _where(path: Path, lines: dict[tuple[Any, ...], int], at: tuple[Any, ...]) -> str:
    for length in range(len(at), -1, -1):
        if at[:length] in lines:
            return f"{path}:{lines[at[:length]]}"
    return str(path)


def _complete(document: dict[str, Any], lines: dict[tuple[Any, ...], int], path: Path,
              data_dir: Path) -> CollectorConfig:
    names = [source["name"] for source in document["sources"]]
    for index, name in enumerate(names):
        if names.index(name) != index:
            raise ConfigError(f"{_where(path, lines, ('sources', index, 'name'))}: sources[{index}].name: "
                              f"{name!r} is the name of another source too")
    spool = {**DEFAULT_SPOOL, **document.get("spool", {})}
    batch = {**DEFAULT_BATCH, **document.get("batch", {})}
    spool_path = Path(spool["path"]).expanduser()
    store = dict(document.get("store", {"kind": "local"}))
    status = dict(document.get("status", {"kind": "local"}))
    return CollectorConfig(
        path=path, site=document["site"], device=document["device"],
        spool=SpoolConfig(spool_path if spool_path.is_absolute() else data_dir / spool_path,
                          int(float(spool["max_mb"]) * 1024 * 1024), spool["when_full"], spool["commit_ms"] / 1000),
        batch=BatchConfig(int(batch["max_rows"]), float(batch["max_seconds"])),
        store=StoreConfig(**store),
        status=StatusConfig(**status),
        sources=tuple(document["sources"]),
    )


def reloadable_change(old: CollectorConfig, new: CollectorConfig) -> str | None:
    """None when ``new`` differs from ``old`` only in its sources; else which setting needs a restart."""
    for name in ("site", "device", "spool", "batch", "store", "status"):
        if getattr(old, name) != getattr(new, name):
            return name
    return None
