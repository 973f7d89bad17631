"""An application's life cycle (R-PRG-5), with the promotions and cancellations of R-PAY-2."""

from __future__ import annotations

import pytest

from mdap.domain.program.application import (
    APPLICANT_LABELS_KO,
    LABELS_EN,
    LABELS_KO,
    TRANSITIONS,
    ApplicationStatus,
    advance,
    is_final,
)
from mdap.domain.program.errors import IllegalTransition

S = ApplicationStatus


def walk(*path: ApplicationStatus) -> ApplicationStatus:
    status = path[0]
    for target in path[1:]:
        status = advance(status, target)
    return status


def test_r_prg_5_application_goes_through_review_and_evaluation_to_selection() -> None:
    assert walk(S.draft, S.submitted, S.under_review, S.eligible, S.evaluation, S.selected) == S.selected


def test_r_rev_2_document_screening_comes_between_review_and_evaluation_when_needed() -> None:
    assert walk(S.eligible, S.screening, S.evaluation, S.reserve) == S.reserve
    assert advance(S.screening, S.screened_out) == S.screened_out


def test_r_rev_1_review_can_ask_for_more_information_and_look_again() -> None:
    assert walk(S.under_review, S.info_requested, S.under_review, S.ineligible) == S.ineligible


def test_r_pay_2_the_first_reserve_is_promoted_when_a_selected_application_is_cancelled() -> None:
    assert advance(S.selected, S.cancelled) == S.cancelled
    assert advance(S.reserve, S.selected) == S.selected


@pytest.mark.parametrize("current,target", [
    (S.draft, S.selected), (S.submitted, S.evaluation), (S.ineligible, S.evaluation), (S.not_selected, S.reserve),
    (S.cancelled, S.selected), (S.withdrawn, S.submitted), (S.evaluation, S.cancelled), (S.selected, S.reserve),
])
def test_illegal_moves_are_refused_naming_both_statuses(current: ApplicationStatus, target: ApplicationStatus
                                                        ) -> None:
    with pytest.raises(IllegalTransition) as refused:
        advance(current, target)
    assert current.value in str(refused.value) and target.value in str(refused.value)
    assert LABELS_KO[current] in refused.value.message_ko and LABELS_KO[target] in refused.value.message_ko
    assert refused.value.code == "illegal_transition"


def test_statuses_are_accepted_as_strings_and_unknown_ones_refused() -> None:
    assert advance("draft", "submitted") is S.submitted
    with pytest.raises(IllegalTransition) as refused:
        advance("draft", "approved")
    assert refused.value.field == "status"


def test_an_applicant_can_withdraw_until_an_outcome_is_final() -> None:
    for status in S:
        assert (S.withdrawn in TRANSITIONS[status]) == (not is_final(status))
    assert {status for status in S if is_final(status)} == {S.ineligible, S.screened_out, S.not_selected,
                                                            S.withdrawn, S.cancelled}


def test_every_status_has_labels_and_the_calls_own_words_are_used() -> None:
    for labels in (LABELS_KO, APPLICANT_LABELS_KO, LABELS_EN):
        assert set(labels) == set(S) and all(labels.values())
    assert [LABELS_KO[s] for s in (S.submitted, S.under_review, S.screening, S.evaluation, S.selected, S.reserve,
                                   S.not_selected)] == ["신청접수", "요건검토", "서류평가", "선정평가", "선정",
                                                        "후순위", "미선정"]
