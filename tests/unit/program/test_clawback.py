"""Clawback (R-CLW-1…5, R-OBL-3): full refund, or recovery through the guarantee insurance."""

from __future__ import annotations

import pytest

from mdap.domain.program.clawback import (
    LABELS_KO,
    RULES,
    TRIGGER_LABELS_KO,
    ClawbackStatus,
    ClawbackTrigger,
    advance,
    amount_due,
)
from mdap.domain.program.errors import IllegalTransition, RuleViolation

C = ClawbackStatus


def test_each_trigger_cites_its_rule_r_clw_1_to_4_and_r_obl_3() -> None:
    assert {
        ClawbackTrigger.bankruptcy_or_closure: "R-CLW-1", ClawbackTrigger.abandoned: "R-CLW-2",
        ClawbackTrigger.failed_final_evaluation: "R-CLW-3", ClawbackTrigger.relocated_outside_incheon: "R-CLW-4",
        ClawbackTrigger.obligation_breach: "R-OBL-3"} == RULES
    assert set(TRIGGER_LABELS_KO) == set(ClawbackTrigger)


def test_a_clawback_ends_when_the_grant_is_repaid() -> None:
    assert advance(C.opened, C.repaid) == C.repaid


def test_r_clw_5_an_unpaid_clawback_is_recovered_through_the_guarantee_insurance() -> None:
    assert advance(C.opened, C.escalated_to_insurance) == C.escalated_to_insurance
    assert advance(C.escalated_to_insurance, C.recovered) == C.recovered


@pytest.mark.parametrize("current,target", [(C.repaid, C.escalated_to_insurance), (C.opened, C.recovered),
                                            (C.recovered, C.opened), (C.escalated_to_insurance, C.opened)])
def test_illegal_clawback_moves_are_refused(current: ClawbackStatus, target: ClawbackStatus) -> None:
    with pytest.raises(IllegalTransition):
        advance(current, target)
    assert LABELS_KO[current] and LABELS_KO[target]


def test_the_whole_city_share_is_due() -> None:
    assert amount_due(80_000_000) == 80_000_000
    assert amount_due(0) == 0
    with pytest.raises(RuleViolation):
        amount_due(-1)
    with pytest.raises(RuleViolation):
        amount_due(1.5)  # type: ignore[arg-type]
