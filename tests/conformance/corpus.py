"""Loading the corpus and comparing results exactly.

Exact means JSON-exact: ``1`` (int) differs from ``1.0`` (float) and ``true`` differs from ``1``, although
Python's ``==`` says otherwise. The ASL spec only says data is JSON; Step Functions passes numbers through as
written and the intrinsics that make numbers (MathAdd, ArrayLength, ArrayRange, MathRandom) make integers,
so an engine that turns 1 into 1.0 (or back) changes what a later JsonToString or a Lambda sees.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CASES_DIR = Path(__file__).parent / "cases"
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# A string in an expected output that stands for "any version-4 UUID" (States.UUID is random).
UUID4_PLACEHOLDER = "<uuid4>"


@dataclass(frozen=True)
class Case:
    id: str  # "<area>/<name>"
    area: str
    data: dict[str, Any]

    @property
    def definition(self) -> dict[str, Any]:
        definition: dict[str, Any] = self.data["definition"]
        return definition

    @property
    def expected(self) -> dict[str, Any]:
        expected: dict[str, Any] = self.data["expected"]
        return expected

    @property
    def is_validation(self) -> bool:
        return "valid" in self.expected

    @property
    def moto(self) -> str | dict[str, Any] | None:
        return self.data.get("moto")

    @property
    def moto_skip_reason(self) -> str | None:
        m = self.moto
        return m[len("skip:"):].strip() if isinstance(m, str) and m.startswith("skip:") else None


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases.append(Case(id=f"{path.parent.name}/{path.stem}", area=path.parent.name, data=data))
    return cases


def json_differences(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Differences between two JSON values, types included; empty when they are exactly equal."""
    if isinstance(expected, str) and expected == UUID4_PLACEHOLDER:
        ok = isinstance(actual, str) and UUID4.match(actual) is not None
        return [] if ok else [f"{where}: expected a version-4 UUID, got {actual!r}"]
    if type(expected) is not type(actual):
        return [f"{where}: expected {type(expected).__name__} {expected!r}, got {type(actual).__name__} {actual!r}"]
    if isinstance(expected, dict):
        return _dict_differences(expected, actual, where)
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items {expected!r}, got {len(actual)} {actual!r}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for d in json_differences(e, a, f"{where}[{i}]")]
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


def _dict_differences(expected: dict[str, Any], actual: dict[str, Any], where: str) -> list[str]:
    if expected.keys() != actual.keys():
        return [f"{where}: expected keys {sorted(expected)}, got {sorted(actual)}"]
    return [d for k in expected for d in json_differences(expected[k], actual[k], f"{where}.{k}")]


def result_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Compare an execution result {status, output, error, cause} with a case's expectation.

    Only what the expectation names is compared: failure cases whose cause text is implementation-specific
    (States.Runtime messages, for example) leave "cause" out; "cause_json" compares a JSON cause by value.
    """
    diffs = [] if expected["status"] == actual["status"] else [
        f"status: expected {expected['status']}, got {actual['status']} "
        f"(error={actual.get('error')!r}, cause={actual.get('cause')!r})"]
    if diffs:
        return diffs
    if "output" in expected:
        diffs += json_differences(expected["output"], actual.get("output"), "output")
    for key in ("error", "cause"):
        if key in expected and expected[key] != actual.get(key):
            diffs.append(f"{key}: expected {expected[key]!r}, got {actual.get(key)!r}")
    if "cause_json" in expected:
        diffs += _cause_json_differences(expected["cause_json"], actual.get("cause"))
    return diffs


def _cause_json_differences(expected: Any, cause: Any) -> list[str]:
    try:
        parsed = json.loads(cause)
    except (TypeError, ValueError):
        return [f"cause: expected a JSON string like {expected!r}, got {cause!r}"]
    return json_differences(expected, parsed, "cause")
