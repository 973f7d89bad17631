"""The bodies of the States.* intrinsic functions, as the AWS documentation defines them."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import uuid
from collections.abc import Callable
from typing import Any

from .errors import StatesError
from .jsonpath import PathSyntaxError

_PLACEHOLDER = re.compile(r"\\.|\{\}")


def _fail(message: str) -> StatesError:
    return StatesError("States.IntrinsicFailure", message)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def fmt(template: str, *args: Any) -> str:
    values = iter(args)

    def sub(m: re.Match[str]) -> str:
        if m.group(0) != "{}":
            return m.group(0)[1]
        try:
            value = next(values)
        except StopIteration:
            raise _fail("States.Format: more placeholders than arguments") from None
        return value if isinstance(value, str) else to_json(value)

    text = _PLACEHOLDER.sub(sub, template)
    if next(values, StopIteration) is not StopIteration:
        raise _fail("States.Format: more arguments than placeholders")
    return text


def _array(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(f"{name}: expected an array, got {type(value).__name__}")
    return value


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise _fail(f"{name}: expected an integer, got {value!r}")
    return int(value)


def partition(array: Any, size: Any) -> list[Any]:
    items, n = _array(array, "States.ArrayPartition"), _int(size, "States.ArrayPartition")
    if n <= 0:
        raise _fail("States.ArrayPartition: chunk size must be positive")
    return [items[i:i + n] for i in range(0, len(items), n)]


def array_range(start: Any, end: Any, step: Any) -> list[int]:
    a, b, s = (_int(v, "States.ArrayRange") for v in (start, end, step))
    if s == 0:
        raise _fail("States.ArrayRange: step must not be 0")
    values = list(range(a, b + (1 if s > 0 else -1), s))
    if len(values) > 1000:
        raise _fail("States.ArrayRange: more than 1000 items")
    return values


def get_item(array: Any, index: Any) -> Any:
    items, i = _array(array, "States.ArrayGetItem"), _int(index, "States.ArrayGetItem")
    if not 0 <= i < len(items):
        raise _fail(f"States.ArrayGetItem: index {i} out of range")
    return items[i]


def unique(array: Any) -> list[Any]:
    out: list[Any] = []
    seen: set[str] = set()
    for item in _array(array, "States.ArrayUnique"):
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


def hash_(data: Any, algorithm: Any) -> str:
    if algorithm not in _HASHES:
        raise _fail(f"States.Hash: unknown algorithm {algorithm!r}; use one of {sorted(_HASHES)}")
    text = data if isinstance(data, str) else to_json(data)
    return hashlib.new(_HASHES[algorithm], text.encode("utf-8")).hexdigest()


def merge(left: Any, right: Any, deep: Any) -> dict[str, Any]:
    if deep is not False:
        raise _fail("States.JsonMerge: only shallow merge (false) is supported, as on AWS")
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise _fail("States.JsonMerge: both arguments must be objects")
    return {**left, **right}


def math_random(start: Any, end: Any, seed: Any = None) -> int:
    a, b = _int(start, "States.MathRandom"), _int(end, "States.MathRandom")
    rng = random.Random(seed) if seed is not None else random
    return rng.randrange(a, b) if b > a else a


def split(text: Any, delimiters: Any) -> list[str]:
    if not isinstance(text, str) or not isinstance(delimiters, str):
        raise _fail("States.StringSplit: both arguments must be strings")
    pattern = "|".join(re.escape(c) for c in delimiters)
    return [part for part in re.split(pattern, text) if part] if pattern else [text]


def b64decode(text: Any) -> str:
    return base64.b64decode(str(text).encode("ascii"), validate=True).decode("utf-8")


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "States.Format": fmt,
    "States.StringToJson": lambda s: json.loads(s),
    "States.JsonToString": to_json,
    "States.Array": lambda *items: list(items),
    "States.ArrayPartition": partition,
    "States.ArrayContains": lambda array, value: value in _array(array, "States.ArrayContains"),
    "States.ArrayRange": array_range,
    "States.ArrayGetItem": get_item,
    "States.ArrayLength": lambda array: len(_array(array, "States.ArrayLength")),
    "States.ArrayUnique": unique,
    "States.Base64Encode": lambda s: base64.b64encode(str(s).encode("utf-8")).decode("ascii"),
    "States.Base64Decode": b64decode,
    "States.Hash": hash_,
    "States.JsonMerge": merge,
    "States.MathRandom": math_random,
    "States.MathAdd": lambda a, b: _int(a, "States.MathAdd") + _int(b, "States.MathAdd"),
    "States.StringSplit": split,
    "States.UUID": lambda: str(uuid.uuid4()),
}
_ARITY = {"States.Format": (1, 10**6), "States.Array": (0, 10**6), "States.UUID": (0, 0),
          "States.MathRandom": (2, 3), "States.JsonMerge": (3, 3), "States.ArrayRange": (3, 3)}
_ONE = ("States.StringToJson", "States.JsonToString", "States.ArrayLength", "States.ArrayUnique",
        "States.Base64Encode", "States.Base64Decode")


def check_arity(name: str, count: int) -> None:
    low, high = _ARITY.get(name, (1, 1) if name in _ONE else (2, 2))
    if not low <= count <= high:
        raise PathSyntaxError(f"{name} takes {low}..{high} arguments, got {count}")
