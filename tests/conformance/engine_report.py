"""Print a Markdown list of the corpus cases the engine fails: ``python -m tests.conformance.engine_report``."""

from __future__ import annotations

import traceback
from collections import Counter

import asl_engine

from .corpus import Case, load_cases, result_differences
from .test_corpus_engine import run_case


def problems(case: Case) -> list[str]:
    if case.is_validation:
        errors = asl_engine.validate(case.definition)
        state, fields = case.expected["state"], case.expected["fields"]
        naming = [e for e in errors if state is None or state in e]
        if errors and naming and (not fields or any(f in e for e in naming for f in fields)):
            return []
        return [f"validate() returned {errors!r}; wanted a message naming {state!r} and one of {fields}"]
    found = [f"validate() rejected a valid definition: {e}" for e in asl_engine.validate(case.definition)]
    return found + result_differences(case.expected, run_case(case))


def main() -> None:
    failures: dict[str, list[str]] = {}
    cases = load_cases()
    for case in cases:
        try:
            found = problems(case)
        except Exception:  # an engine crash is a finding too
            found = ["crashed: " + traceback.format_exc(limit=3).strip().splitlines()[-1]]
        if found:
            failures[case.id] = found
    by_area = Counter(c.area for c in cases)
    failed_by_area = Counter(cid.split("/")[0] for cid in failures)
    print(f"{len(cases) - len(failures)} of {len(cases)} cases pass.\n")
    print("| area | cases | failing |\n|---|---|---|")
    for area in sorted(by_area):
        print(f"| {area} | {by_area[area]} | {failed_by_area.get(area, 0)} |")
    print()
    for cid, found in failures.items():
        print(f"- `{cid}`: " + "; ".join(found))


if __name__ == "__main__":
    main()
