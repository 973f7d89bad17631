"""docs/program.md is what the code says (regenerate with `make docs`), and every program rule is named by a
test; every open point of the call is a documented policy setting or a documented rule of the code."""

from __future__ import annotations

import re
from pathlib import Path

from mdap.domain.program.policy import POLICY_FIELDS
from mdap.domain.program.rules import NOT_BUILT, PROGRAM_RULES, RULES
from mdap.program.docs import TARGET, naming_tests, render

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_program_documentation_is_up_to_date() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), "docs/program.md is stale: run `make docs`"


def test_every_program_rule_is_named_by_a_test() -> None:
    unnamed = [rule.id for rule in PROGRAM_RULES if not naming_tests(rule.id)]
    assert unnamed == []


def test_every_platform_rule_the_data_side_answers_is_named_by_a_test() -> None:
    built = [rule for rule in RULES if rule.id.startswith("R-PLT") and NOT_BUILT not in rule.where]
    assert [rule.id for rule in built] == [f"R-PLT-{n}" for n in (1, 2, 3, 6, 7)]  # ids spelt so as not to name them
    assert [rule.id for rule in built if not naming_tests(rule.id)] == []


def test_the_rule_list_is_complete_and_in_order() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)) == 55
    families = [re.match(r"R-([A-Z]+)-", rule_id).group(1) for rule_id in ids]  # type: ignore[union-attr]
    assert list(dict.fromkeys(families)) == ["PRG", "ELG", "DOC", "REV", "SEL", "AGR", "PAY", "FIN", "CLW", "OBL",
                                             "PLT"]


def test_every_open_point_is_a_setting_or_a_documented_rule() -> None:
    answered = {field.answers for field in POLICY_FIELDS.values()}
    assert {"OP-1", "OP-3", "OP-4"} <= answered
    document = TARGET.read_text(encoding="utf-8")
    assert "OP-2" in document and "OP-5" in document
    for field in POLICY_FIELDS.values():
        assert f"`{field.policy}.{field.name}`" in document
