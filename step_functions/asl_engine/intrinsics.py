"""Intrinsic functions (States.Format, States.Array, …), parsed once into callables.

String literals keep every character as written (Korean included); only the escapes \\' \\{ \\} \\\\ are
decoded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import intrinsic_functions as fns
from .errors import StatesError
from .jsonpath import MISSING, Path, PathSyntaxError

Evaluator = Callable[[Any, Any], Any]  # (input, context) -> value
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_NAME = re.compile(r"States\.[A-Za-z0-9]+")
_PATH = re.compile(r"\$\$?(?:[^,()'\s\\]|\[[^\]]*\])*")


class Intrinsic:
    """A compiled intrinsic call; ``uses_context`` tells the caller whether to build ``$$``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.uses_context = False
        parser = _Parser(text, self)
        self._fn = parser.call()
        parser.skip_space()
        if parser.pos != len(text):
            raise PathSyntaxError(f"unexpected text after intrinsic call in {text!r}")

    def __call__(self, data: Any, context: Any) -> Any:
        return self._fn(data, context)


def is_intrinsic(text: str) -> bool:
    return isinstance(text, str) and text.startswith("States.")


class _Parser:
    def __init__(self, text: str, owner: Intrinsic) -> None:
        self.text, self.pos, self.owner = text, 0, owner
        self.last_raw: str | None = None

    def fail(self, message: str) -> PathSyntaxError:
        return PathSyntaxError(f"{message} at position {self.pos} of {self.text!r}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def call(self) -> Evaluator:
        m = _NAME.match(self.text, self.pos)
        if not m or m.group(0) not in fns.FUNCTIONS:
            raise self.fail("unknown intrinsic function")
        name, self.pos = m.group(0), m.end()
        if self.text[self.pos:self.pos + 1] != "(":
            raise self.fail("expected '('")
        self.pos += 1
        args, first_raw = self.arguments()
        if name == "States.Format" and first_raw is not None:
            args[0] = _const(first_raw)
        fns.check_arity(name, len(args))
        impl = fns.FUNCTIONS[name]

        def run(data: Any, context: Any) -> Any:
            values = [arg(data, context) for arg in args]
            try:
                return impl(*values)
            except StatesError:
                raise
            except Exception as exc:  # any failure inside an intrinsic is States.IntrinsicFailure
                raise StatesError("States.IntrinsicFailure", f"{name}: {exc}") from exc

        return run

    def arguments(self) -> tuple[list[Evaluator], str | None]:
        """The argument evaluators, and the raw text of the first one if it is a string literal."""
        args: list[Evaluator] = []
        first_raw: str | None = None
        self.skip_space()
        if self.text[self.pos:self.pos + 1] == ")":
            self.pos += 1
            return args, None
        while True:
            self.skip_space()
            self.last_raw = None
            args.append(self.argument())
            if len(args) == 1:
                first_raw = self.last_raw
            self.skip_space()
            sep = self.text[self.pos:self.pos + 1]
            self.pos += 1
            if sep == ")":
                return args, first_raw
            if sep != ",":
                raise self.fail("expected ',' or ')'")

    def argument(self) -> Evaluator:
        rest = self.text[self.pos:]
        if rest.startswith("'"):
            decoded, raw = self.string()
            self.last_raw = raw
            return _const(decoded)
        if rest.startswith("States."):
            return self.call()
        if rest.startswith("$"):
            return self.path()
        for word, value in (("true", True), ("false", False), ("null", None)):
            if rest.startswith(word):
                self.pos += len(word)
                return _const(value)
        m = _NUMBER.match(self.text, self.pos)
        if not m:
            raise self.fail("expected an argument")
        self.pos = m.end()
        number = float(m.group(0)) if (m.group(1) or m.group(2)) else int(m.group(0))
        return _const(number)

    def string(self) -> tuple[str, str]:
        """The decoded literal, and the form States.Format reads (only \\' decoded, so \\{ stays literal)."""
        out, raw, self.pos = [], [], self.pos + 1
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text):
                nxt = self.text[self.pos + 1]
                out.append(nxt)
                raw.append(nxt if nxt == "'" else ch + nxt)
                self.pos += 2
                continue
            self.pos += 1
            if ch == "'":
                return "".join(out), "".join(raw)
            out.append(ch)
            raw.append(ch)
        raise self.fail("unterminated string literal")

    def path(self) -> Evaluator:
        m = _PATH.match(self.text, self.pos)
        assert m is not None
        self.pos = m.end()
        path = Path(m.group(0))
        if path.context:
            self.owner.uses_context = True

        def get(data: Any, context: Any) -> Any:
            value = path.find(context if path.context else data)
            if value is MISSING:
                raise StatesError("States.Runtime", f"Invalid path '{path.text}' in intrinsic function")
            return value

        return get


def _const(value: Any) -> Evaluator:
    return lambda _data, _context: value
