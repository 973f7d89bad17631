"""Payload templates (Parameters, ResultSelector, ItemSelector, Payload): compiled once per state.

Fields ending in ".$" take a Path or an intrinsic call; everything else is copied as a literal. A template
without any ".$" field is returned as the same (never mutated) object, so no copy is made per execution.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import StatesError
from .intrinsics import Intrinsic, is_intrinsic
from .jsonpath import MISSING, Path

Render = Callable[[Any, Any], Any]  # (input, context) -> value


class Template:
    __slots__ = ("render", "uses_context")

    def __init__(self, template: Any, field: str) -> None:
        self.uses_context = False
        self.render: Render = self._compile(template, field)

    def _compile(self, node: Any, field: str) -> Render:
        if isinstance(node, list):
            parts = [self._compile(item, field) for item in node]
            if all(getattr(p, "constant", False) for p in parts):
                return _constant(node)
            return lambda data, ctx: [p(data, ctx) for p in parts]
        if not isinstance(node, dict):
            return _constant(node)
        if not any(key.endswith(".$") for key in _keys(node)):
            nested = {k: self._compile(v, field) for k, v in node.items()}
            if all(getattr(p, "constant", False) for p in nested.values()):
                return _constant(node)
            return lambda data, ctx: {k: p(data, ctx) for k, p in nested.items()}
        fields = [self._field(key, value, field) for key, value in node.items()]
        return lambda data, ctx: {name: fn(data, ctx) for name, fn in fields}

    def _field(self, key: str, value: Any, field: str) -> tuple[str, Render]:
        if not key.endswith(".$"):
            return key, self._compile(value, field)
        name = key[:-2]
        if not isinstance(value, str):
            raise ValueError(f"field '{key}' must be a string path or intrinsic function")
        if is_intrinsic(value):
            fn = Intrinsic(value)
            self.uses_context |= fn.uses_context
            return name, fn
        path = Path(value)
        self.uses_context |= path.context

        def get(data: Any, ctx: Any) -> Any:
            found = path.find(ctx if path.context else data)
            if found is MISSING:
                raise StatesError("States.Runtime",
                                  f"The JSONPath '{value}' specified for the field '{key}' could not be found "
                                  f"in the input of {field}")
            return found

        return name, get


def _keys(node: dict[str, Any]) -> list[str]:
    return [k for k in node if isinstance(k, str)]


def _constant(value: Any) -> Render:
    def render(_data: Any, _ctx: Any) -> Any:
        return value

    render.constant = True  # type: ignore[attr-defined]
    return render
