"""The one rule that turns scores into an outcome (full / partial / not achieved).

Everything that decides an outcome calls `decide`; the pages state the same rule in words with
`rule_in_words`, so what people read and what the code does cannot drift apart.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from .models import Outcome


@dataclass(frozen=True)
class Rule:
    """A model's pass marks and its weights per competence area (area id → weight)."""

    theory_pass_mark: int
    area_pass_mark: int
    weights: Mapping[int, int]
    has_practical_test: bool = False
    module_ids: tuple[int, ...] = ()  # only when the model has a practical test

    @classmethod
    def of(cls, model) -> "Rule":
        """The rule of a ValidationModel as it stands now (one or two queries, none when the
        areas and modules are prefetched)."""
        modules = (
            tuple(module.pk for module in model.practical_modules.all())
            if model.has_practical_test
            else ()
        )
        return cls(
            theory_pass_mark=model.theory_pass_mark,
            area_pass_mark=model.area_pass_mark,
            weights={ma.area_id: ma.weight for ma in model.model_areas.all()},
            has_practical_test=model.has_practical_test,
            module_ids=modules,
        )


@dataclass(frozen=True)
class Decision:
    theory_score: Decimal  # weighted, one decimal, rounded down so it never overstates
    outcome: str


def decide(
    rule: Rule, scores: Mapping[int, int], practical: Mapping[int, bool] | None = None
) -> Decision:
    """Apply the rule to theory scores per area (area id → 0–100) and practical results
    (module id → passed).

    Weighted theory score = Σ(score × weight) / Σ weight over the model's areas.
    FULL: weighted score ≥ theory pass mark, every area ≥ area pass mark and, when the model has
    a practical test, every module passed. PARTIAL: not full, but at least one area reached the
    area pass mark or at least one practical module was passed. Otherwise NOT ACHIEVED.
    """
    if not rule.weights:
        raise ValueError("The model has no competence areas.")
    missing = set(rule.weights) - set(scores)
    if missing:
        raise ValueError(f"Scores missing for areas {sorted(missing)}.")
    if any(not 0 <= scores[area] <= 100 for area in rule.weights):
        raise ValueError("Scores must be between 0 and 100.")
    practical = dict(practical or {})
    modules = rule.module_ids if rule.has_practical_test else ()
    if set(modules) - set(practical):
        raise ValueError("A practical module has no result.")

    total_weight = sum(rule.weights.values())
    weighted_sum = sum(scores[area] * weight for area, weight in rule.weights.items())
    # Compared in integers, so a score exactly at the pass mark passes and 59.96 does not.
    theory_passed = weighted_sum >= rule.theory_pass_mark * total_weight
    areas_passed = [scores[area] >= rule.area_pass_mark for area in rule.weights]
    modules_passed = [bool(practical[module]) for module in modules]

    if theory_passed and all(areas_passed) and all(modules_passed):
        outcome = Outcome.FULL
    elif any(areas_passed) or any(modules_passed):
        outcome = Outcome.PARTIAL
    else:
        outcome = Outcome.NOT_ACHIEVED
    theory = (Decimal(weighted_sum) / Decimal(total_weight)).quantize(
        Decimal("0.1"), rounding=ROUND_DOWN
    )
    return Decision(theory_score=theory, outcome=outcome)


def rule_in_words(model, result=None) -> list[str]:
    """The model's rule as sentences for the model page and the record form; with a recorded
    `result`, the rule with the pass marks that result was decided with."""
    marks = result or model
    sentences = [
        _(
            "The theory score is the average of the scores per competence area, "
            "weighted by each area's weight."
        ),
        _(
            "Full: a weighted theory score of at least %(theory)s %%, at least %(area)s %% "
            "in every competence area%(practical)s."
        )
        % {
            "theory": marks.theory_pass_mark,
            "area": marks.area_pass_mark,
            "practical": _(", and every module of the practical test passed")
            if model.has_practical_test
            else "",
        },
        (
            _(
                "Partial: not full, but at least %(area)s %% in at least one competence area "
                "or at least one practical module passed."
            )
            if model.has_practical_test
            else _("Partial: not full, but at least %(area)s %% in at least one competence area.")
        )
        % {"area": marks.area_pass_mark},
        _("Not achieved: otherwise."),
    ]
    return sentences
