"""JSONPath for ASL Paths, compiled once per state.

Definite paths ($.a.b[0]) compile to a key tuple walked in a tight loop; indefinite ones ([*], [a:b],
.., [?()], unions) evaluate to the list of matches, as the spec requires.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import StatesError

_MISSING = object()
MISSING = _MISSING
_TOKEN = re.compile(
    r"""\.\.(?P<desc>[^.\[\]]+|\*)?|\.(?P<key>\*|[^.\[\]]+)|\[(?P<br>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|"""
    r"""\?\((?P<filter>.*?)\)|[^\]]*)\]"""
)
_FILTER = re.compile(r"^@((?:\.[\w$-]+)+)\s*(?:(==|!=|<=|>=|<|>)\s*(.+))?$")
Step = tuple[str, Any]


class PathSyntaxError(ValueError):
    pass


def parse(path: str) -> tuple[str, list[Step]]:
    """Split a path into its root ('$' or '$$') and steps; raise PathSyntaxError if malformed."""
    if not isinstance(path, str) or not path.startswith("$"):
        raise PathSyntaxError(f"a path must start with '$': {path!r}")
    root = "$$" if path.startswith("$$") else "$"
    rest, steps, pos = path[len(root):], [], 0
    while pos < len(rest):
        m = _TOKEN.match(rest, pos)
        if not m:
            raise PathSyntaxError(f"cannot parse {path!r} at {rest[pos:]!r}")
        steps.append(_step(m, path))
        pos = m.end()
    return root, steps


def _step(m: re.Match[str], path: str) -> Step:
    if m.group(0).startswith(".."):
        return ("desc", m.group("desc") or "*")
    if m.group("key") is not None:
        return ("wild", None) if m.group("key") == "*" else ("key", m.group("key"))
    if m.group("filter") is not None:
        return ("filter", _compile_filter(m.group("filter"), path))
    return _bracket(m.group("br").strip(), path)


def _bracket(body: str, path: str) -> Step:
    if body == "*":
        return ("wild", None)
    if body[:1] in "'\"":
        return ("key", body[1:-1].replace("\\" + body[0], body[0]))
    if ":" in body:
        parts = [int(p) if p.strip() else None for p in body.split(":")]
        return ("slice", slice(*parts))
    if "," in body:
        return ("union", [int(p) if p.strip().lstrip("-").isdigit() else p.strip().strip("'\"")
                          for p in body.split(",")])
    try:
        return ("index", int(body))
    except ValueError:
        raise PathSyntaxError(f"bad bracket [{body}] in {path!r}") from None


def _compile_filter(expr: str, path: str) -> Callable[[Any], bool]:
    import json
    import operator

    m = _FILTER.match(expr.strip())
    if not m:
        raise PathSyntaxError(f"unsupported filter ?({expr}) in {path!r}")
    keys = m.group(1)[1:].split(".")
    ops = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
           ">": operator.gt, ">=": operator.ge}
    literal: Any = json.loads(m.group(3).replace("'", '"')) if m.group(3) else None
    op = ops.get(m.group(2) or "")

    def test(node: Any) -> bool:
        value = _walk(node, keys)
        if value is _MISSING:
            return False
        if op is None:
            return True
        try:
            return bool(op(value, literal))
        except TypeError:
            return False

    return test


def _walk(node: Any, keys: list[Any]) -> Any:
    for key in keys:
        if isinstance(key, str) and isinstance(node, dict):
            node = node.get(key, _MISSING)
        elif isinstance(key, int) and isinstance(node, list) and -len(node) <= key < len(node):
            node = node[key]
        else:
            return _MISSING
        if node is _MISSING:
            return _MISSING
    return node


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node.values())
    return list(node) if isinstance(node, list) else []


def _descend(node: Any, name: str) -> list[Any]:
    out: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop(0)
        if name == "*":
            out.extend(_children(current))
        elif isinstance(current, dict) and name in current:
            out.append(current[name])
        stack.extend(_children(current))
    return out


def _apply(nodes: list[Any], step: Step) -> list[Any]:
    kind, arg = step
    out: list[Any] = []
    for node in nodes:
        if kind in ("key", "index"):
            value = _walk(node, [arg])
            if value is not _MISSING:
                out.append(value)
        elif kind == "wild":
            out.extend(_children(node))
        elif kind == "slice" and isinstance(node, list):
            out.extend(node[arg])
        elif kind == "union":
            out.extend(v for v in (_walk(node, [k]) for k in arg) if v is not _MISSING)
        elif kind == "filter":
            out.extend(child for child in _children(node) if arg(child))
        elif kind == "desc":
            out.extend(_descend(node, arg))
    return out


class Path:
    """A compiled Path. ``get`` returns the value or raises StatesError(States.Runtime)."""

    __slots__ = ("context", "definite", "keys", "steps", "text")

    def __init__(self, text: str) -> None:
        root, self.steps = parse(text)
        self.text = text
        self.context = root == "$$"
        self.definite = all(kind in ("key", "index") for kind, _ in self.steps)
        self.keys = [arg for _, arg in self.steps] if self.definite else []

    def find(self, data: Any) -> Any:
        """The value, a list for indefinite paths, or MISSING."""
        if self.definite:
            return _walk(data, self.keys) if self.keys else data
        nodes = [data]
        for step in self.steps:
            nodes = _apply(nodes, step)
        return nodes

    def get(self, data: Any, what: str = "path") -> Any:
        value = self.find(data)
        if value is _MISSING:
            raise StatesError("States.Runtime", f"Invalid path '{self.text}' for {what}: not found in the input")
        return value


class ReferencePath:
    """A ResultPath: definite only; ``put`` returns a copy of ``data`` with ``value`` set (copy on write)."""

    __slots__ = ("keys", "text")

    def __init__(self, text: str) -> None:
        root, steps = parse(text)
        if root != "$" or any(kind not in ("key", "index") for kind, _ in steps):
            raise PathSyntaxError(f"a reference path must be definite and start with '$': {text!r}")
        self.text = text
        self.keys = [arg for _, arg in steps]

    def put(self, data: Any, value: Any) -> Any:
        if not self.keys:
            return value
        return self._put(data, 0, value)

    def _put(self, node: Any, depth: int, value: Any) -> Any:
        key = self.keys[depth]
        last = depth == len(self.keys) - 1
        if isinstance(key, int):
            if not isinstance(node, list) or not -len(node) <= key < len(node):
                raise StatesError("States.ResultPathMatchFailure",
                                  f"Unable to apply ResultPath '{self.text}' to the input")
            copy_list = list(node)
            copy_list[key] = value if last else self._put(node[key], depth + 1, value)
            return copy_list
        if node is None or isinstance(node, dict):
            copy = dict(node or {})
            copy[key] = value if last else self._put(copy.get(key), depth + 1, value)
            return copy
        raise StatesError("States.ResultPathMatchFailure",
                          f"Unable to apply ResultPath '{self.text}' to input {type(node).__name__}")
