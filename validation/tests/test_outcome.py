"""The outcome rule, on its own: no database."""

from decimal import Decimal

import pytest

from validation.models import Outcome, ValidationModel
from validation.outcome import Rule, decide, rule_in_words

THEORY = Rule(theory_pass_mark=60, area_pass_mark=50, weights={1: 1, 2: 1, 3: 2})
PRACTICAL = Rule(
    theory_pass_mark=60,
    area_pass_mark=50,
    weights={1: 1, 2: 1},
    has_practical_test=True,
    module_ids=(10, 11),
)


def test_full_when_exactly_at_both_pass_marks():
    # (50 + 50 + 2·70) / 4 = 60: exactly the theory mark, every area exactly the area mark.
    decision = decide(THEORY, {1: 50, 2: 50, 3: 70})
    assert decision.outcome == Outcome.FULL
    assert decision.theory_score == Decimal("60.0")


def test_weighted_score_just_below_theory_mark_is_partial():
    # (59 + 60 + 2·60) / 4 = 59.75 — below 60 although the plain average rounds to 60.
    decision = decide(THEORY, {1: 59, 2: 60, 3: 60})
    assert decision.outcome == Outcome.PARTIAL
    assert decision.theory_score == Decimal("59.7")  # rounded down, never overstated


def test_weights_decide_the_theory_score():
    # Plain average (40 + 40 + 100) / 3 = 60 would pass; weighted (40 + 40 + 200) / 4 = 70.
    assert decide(THEORY, {1: 100, 2: 100, 3: 40}).theory_score == Decimal("70.0")
    assert decide(THEORY, {1: 40, 2: 40, 3: 100}).theory_score == Decimal("70.0")
    # ...and both are partial: an area below its mark stops a full outcome.
    assert decide(THEORY, {1: 40, 2: 40, 3: 100}).outcome == Outcome.PARTIAL


def test_one_area_one_point_below_area_mark_is_partial():
    assert decide(THEORY, {1: 49, 2: 100, 3: 100}).outcome == Outcome.PARTIAL


def test_nothing_reaching_a_mark_is_not_achieved():
    decision = decide(THEORY, {1: 49, 2: 49, 3: 49})
    assert decision.outcome == Outcome.NOT_ACHIEVED
    assert decision.theory_score == Decimal("49.0")


def test_all_zero_is_not_achieved_and_all_hundred_is_full():
    assert decide(THEORY, {1: 0, 2: 0, 3: 0}).outcome == Outcome.NOT_ACHIEVED
    assert decide(THEORY, {1: 100, 2: 100, 3: 100}).outcome == Outcome.FULL


def test_a_failed_practical_module_stops_full():
    decision = decide(PRACTICAL, {1: 90, 2: 90}, {10: True, 11: False})
    assert decision.outcome == Outcome.PARTIAL


def test_practical_all_passed_with_theory_passed_is_full():
    assert decide(PRACTICAL, {1: 60, 2: 60}, {10: True, 11: True}).outcome == Outcome.FULL


def test_one_passed_module_alone_gives_partial():
    assert decide(PRACTICAL, {1: 10, 2: 10}, {10: True, 11: False}).outcome == Outcome.PARTIAL


def test_no_area_and_no_module_passed_is_not_achieved():
    assert decide(PRACTICAL, {1: 10, 2: 10}, {10: False, 11: False}).outcome == Outcome.NOT_ACHIEVED


def test_practical_results_are_ignored_for_a_model_without_practical_test():
    assert decide(THEORY, {1: 80, 2: 80, 3: 80}, {99: False}).outcome == Outcome.FULL


@pytest.mark.parametrize(
    "scores, practical",
    [
        ({1: 50, 2: 50}, None),  # area 3 missing
        ({1: 50, 2: 50, 3: 101}, None),
        ({1: -1, 2: 50, 3: 50}, None),
    ],
)
def test_incomplete_or_out_of_range_scores_are_refused(scores, practical):
    with pytest.raises(ValueError):
        decide(THEORY, scores, practical)


def test_missing_practical_result_is_refused():
    with pytest.raises(ValueError):
        decide(PRACTICAL, {1: 60, 2: 60}, {10: True})


def test_a_model_without_areas_has_no_outcome():
    with pytest.raises(ValueError):
        decide(Rule(theory_pass_mark=60, area_pass_mark=50, weights={}), {})


def test_rule_in_words_states_the_models_marks():
    model = ValidationModel(theory_pass_mark=65, area_pass_mark=45, has_practical_test=True)
    text = " ".join(rule_in_words(model))
    assert "65 %" in text and "45 %" in text and "practical" in text
    no_practical = " ".join(rule_in_words(ValidationModel(has_practical_test=False)))
    assert "practical" not in no_practical
