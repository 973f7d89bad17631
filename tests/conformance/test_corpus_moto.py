"""Cross-check: every runnable corpus case on moto's Step Functions interpreter (LocalStack's parser).

A case moto gets right must match its spec-derived "expected". A case moto gets wrong carries
"moto": {"disagrees": why, "actual": what moto produces}; the test then checks moto still produces exactly
that, so the record stays true (a moto upgrade that fixes the bug fails the test and asks for the record to go).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .corpus import Case, load_cases, result_differences
from .moto_runner import moto_sfn, run_on_moto

CASES = [c for c in load_cases() if not c.is_validation]


@pytest.fixture(scope="module")
def sfn() -> Iterator[Any]:
    with moto_sfn() as client:
        yield client


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_on_moto(sfn: Any, case: Case) -> None:
    if case.moto_skip_reason:
        pytest.skip(f"moto cannot run this case: {case.moto_skip_reason}")
    actual = run_on_moto(sfn, case)
    record = case.moto if isinstance(case.moto, dict) else None
    if record is None:
        assert result_differences(case.expected, actual) == [], f"moto disagrees with the spec: {actual}"
        return
    print(f"\n{case.id}: moto disagrees with the spec — {record['disagrees']}")
    assert result_differences(case.expected, actual) != [], "moto now agrees: drop the 'disagrees' record"
    assert result_differences(record["actual"], actual) == [], "moto's result changed from the record"


def test_corpus_has_no_unexplained_skips() -> None:
    unexplained = [c.id for c in CASES if isinstance(c.moto, str) and not c.moto_skip_reason]
    assert unexplained == [], "a 'moto' string must read 'skip: <reason>'"
